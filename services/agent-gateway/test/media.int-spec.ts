import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnvelope, type EnvelopeOf, queries, type Subject } from '@threadline/contracts';
import { LocalMediaStorage, type RunningService } from '@threadline/platform';
import { createIsolatedEnvironment, eventually, type IsolatedEnvironment } from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { assignedConversation } from './support/events';
import { ALICE, call, handled, login, publish, seedAgents, startGateway, upload } from './support/gateway';
import { FakeOwners } from './support/owners';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 3),
]);
const MAX_UPLOAD = 4096;

describe('S5: media for agents', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let owners: FakeOwners;
  let mediaDir: string;
  let storage: LocalMediaStorage;
  let aliceToken: string;
  let bobToken: string;
  const interactionId = uuidv7();
  const mmsId = uuidv7();

  async function publishAll(envelopes: Array<EnvelopeOf<Subject>>): Promise<void> {
    for (const envelope of envelopes) await publish(service, envelope);
    await eventually(async () =>
      expect(
        await handled(
          service,
          envelopes.map((e) => e.id),
        ),
      ).toBe(true),
    );
  }

  const image = (path: string, token: string | undefined) =>
    fetch(`${service.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'threadline-agent-media-'));
    storage = new LocalMediaStorage(mediaDir);
    environment = await createIsolatedEnvironment();
    service = await startGateway(environment, {
      MEDIA_DIR: mediaDir,
      MEDIA_MAX_UPLOAD_BYTES: String(MAX_UPLOAD),
    });
    await seedAgents(service);
    owners = await FakeOwners.start(environment);
    [aliceToken, bobToken] = await Promise.all([login(service, 'alice'), login(service, 'bob')]);
    await storage.put('inbound/in-test-0', PNG, 'image/png');
    await publishAll([
      ...assignedConversation(interactionId, ALICE.id, 'hello', new Date(Date.now() - 10_000), 1),
      createEnvelope(
        'interaction.message.appended.v1',
        {
          interactionId,
          messageId: mmsId,
          direction: 'inbound',
          author: { kind: 'requester', id: null },
          body: '',
          media: [
            {
              status: 'stored',
              mediaId: 'in-test-0',
              key: 'inbound/in-test-0',
              contentType: 'image/png',
              size: PNG.length,
            },
            { status: 'refused', reason: 'too_large', contentType: 'image/jpeg' },
          ],
          occurredAt: new Date().toISOString(),
          gatewaySequence: 2,
          visibility: 'requester_visible',
        },
        { correlationId: interactionId },
      ),
    ]);
  });

  afterEach(() => owners.silence());

  afterAll(async () => {
    await owners?.stop();
    await service?.stop();
    await environment?.dispose();
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('S5: the transcript lists an MMS’s images with an authorised URL, and refused ones with their reason', async () => {
    const answer = await call(service, 'GET', `/interactions/${interactionId}`, { token: aliceToken });
    expect(answer.status).toBe(200);
    const { messages } = answer.body as { messages: Array<{ messageId: string; media: unknown[] }> };
    expect(messages.find((m) => m.messageId === mmsId)?.media).toEqual([
      {
        status: 'stored',
        mediaId: 'in-test-0',
        contentType: 'image/png',
        size: PNG.length,
        url: `/interactions/${interactionId}/media/in-test-0`,
        reason: null,
      },
      {
        status: 'refused',
        mediaId: null,
        contentType: 'image/jpeg',
        size: null,
        url: null,
        reason: 'too_large',
      },
    ]);
  });

  it('S5: serves the image to an agent who may read the conversation, privately and without sniffing', async () => {
    const response = await image(`/interactions/${interactionId}/media/in-test-0`, aliceToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toMatch(/^private/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });

  it('S5: refuses the image to an agent who may not read the conversation (404), and to no one signed in (401)', async () => {
    const bobs = await image(`/interactions/${interactionId}/media/in-test-0`, bobToken);
    expect(bobs.status).toBe(404);
    expect(await bobs.json()).toMatchObject({ error: { code: 'INTERACTION_NOT_FOUND' } });
    expect((await image(`/interactions/${interactionId}/media/in-test-0`, undefined)).status).toBe(401);
  });

  it('S5: an image of another conversation, or none, is MEDIA_NOT_FOUND even under a readable conversation', async () => {
    await storage.put('upload/up-elsewhere', PNG, 'image/png');
    for (const mediaId of ['up-elsewhere', 'in-none-0', '..%2F..%2Fetc']) {
      const response = await image(`/interactions/${interactionId}/media/${mediaId}`, aliceToken);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'MEDIA_NOT_FOUND' } });
    }
  });

  describe('uploads (POST /media)', () => {
    it('S5: keeps an allowed image and answers its id', async () => {
      const answer = await upload(service, '/media', {
        token: aliceToken,
        contentType: 'image/png',
        data: PNG,
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({
        mediaId: expect.stringMatching(/^up-/),
        contentType: 'image/png',
        size: PNG.length,
      });
      const { mediaId } = answer.body as { mediaId: string };
      expect((await storage.get(`upload/${mediaId}`))?.size).toBe(PNG.length);
    });

    it.each([
      ['too large', 'image/png', Buffer.concat([PNG, Buffer.alloc(MAX_UPLOAD)]), 413, 'MEDIA_TOO_LARGE'],
      ['a type not allowed', 'image/svg+xml', Buffer.from('<svg/>'), 415, 'MEDIA_TYPE_NOT_ALLOWED'],
      ['not the type claimed', 'image/jpeg', PNG, 422, 'MEDIA_CONTENT_MISMATCH'],
    ])('S5: refuses an image %s', async (_name, contentType, data, status, code) => {
      const answer = await upload(service, '/media', { token: aliceToken, contentType, data });
      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({ error: { code } });
    });

    it('S5: refuses an upload from no one signed in', async () => {
      expect((await upload(service, '/media', { contentType: 'image/png', data: PNG })).status).toBe(401);
    });
  });

  describe('sending images', () => {
    const send = (body: unknown, token = aliceToken) =>
      call(service, 'POST', `/interactions/${interactionId}/messages`, { token, body });

    it('S5: sends my uploaded image, with no text, to interaction by key', async () => {
      await owners.answer(queries.sendMessage, ({ interactionId: id, messageId }) =>
        Promise.resolve({
          interactionId: id,
          messageId,
          occurredAt: new Date().toISOString(),
          deliveryStatus: 'queued' as const,
        }),
      );
      const uploaded = await upload(service, '/media', {
        token: aliceToken,
        contentType: 'image/png',
        data: PNG,
      });
      const { mediaId } = uploaded.body as { mediaId: string };
      expect((await send({ mediaIds: [mediaId] })).status).toBe(202);
      expect(owners.asked.at(-1)?.request).toMatchObject({
        body: '',
        media: [
          { status: 'stored', mediaId, key: `upload/${mediaId}`, contentType: 'image/png', size: PNG.length },
        ],
      });
    });

    it('S5: refuses an image uploaded by someone else (422 MEDIA_NOT_FOUND), and a reply with neither text nor image', async () => {
      const bobsUpload = await upload(service, '/media', {
        token: bobToken,
        contentType: 'image/png',
        data: PNG,
      });
      const { mediaId } = bobsUpload.body as { mediaId: string };
      const answer = await send({ body: 'look', mediaIds: [mediaId] });
      expect(answer).toMatchObject({ status: 422, body: { error: { code: 'MEDIA_NOT_FOUND' } } });
      expect((await send({ body: '  ' })).status).toBe(400);
    });
  });
});
