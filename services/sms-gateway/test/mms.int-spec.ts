import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMediaStorage, readLimited, signedMediaUrl } from '@threadline/platform';
import { eventually } from '@threadline/testkit';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  Gateway,
  inboundForm,
  PUBLIC_BASE_URL,
  sendCommand,
} from './support/gateway';

const MEDIA_URL_SECRET = 'media-url-secret-for-sms-gateway-tests';
const MAX_MEDIA_BYTES = 2_000;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(100, 7),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(50, 1)]);
const credentials = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };

describe('sms-gateway: MMS (S5)', () => {
  let gateway: Gateway;
  let mediaDir: string;
  let storage: LocalMediaStorage;

  beforeAll(async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'threadline-sms-mms-'));
    storage = new LocalMediaStorage(mediaDir);
    gateway = await Gateway.start({
      MEDIA_DIR: mediaDir,
      MEDIA_URL_SECRET,
      SMS_MAX_MEDIA_BYTES: String(MAX_MEDIA_BYTES),
      SMS_MEDIA_FETCH_TIMEOUT_MS: '3000',
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await rm(mediaDir, { recursive: true, force: true });
  });

  async function receivedEventsOf(messageSid: string) {
    return (await gateway.published('sms.inbound.received.v1')).filter(
      (event) => event.data.providerMessageId === messageSid,
    );
  }

  it('S5: fetches an inbound image with the account’s basic auth and keeps it under our own key', async () => {
    const url = gateway.api.serveMedia(PNG, 'image/png', credentials);
    const form = inboundForm({ Body: '', NumMedia: '1', MediaUrl0: url, MediaContentType0: 'image/png' });

    expect((await gateway.webhooks.inbound(form)).status).toBe(200);

    const fetches = gateway.api.mediaRequests.filter((request) => url.endsWith(request.path));
    expect(fetches).toHaveLength(1);
    expect(fetches[0]!.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
    const [event] = await receivedEventsOf(form.MessageSid!);
    const [medium] = event!.data.media;
    expect(medium).toEqual({
      status: 'stored',
      mediaId: expect.stringMatching(/^in-/),
      key: expect.stringMatching(/^inbound\//),
      contentType: 'image/png',
      size: PNG.length,
    });
    expect(JSON.stringify(event!.data)).not.toContain(url);
    const stored = await storage.get((medium as { key: string }).key);
    expect(stored?.contentType).toBe('image/png');
    expect(await readLimited(stored!.body, 10_000)).toEqual(PNG);
  });

  it('S5: a redelivered MMS is stored once, under the same key, and announced once', async () => {
    const url = gateway.api.serveMedia(JPEG, 'image/jpeg', credentials);
    const form = inboundForm({ NumMedia: '1', MediaUrl0: url, MediaContentType0: 'image/jpeg' });
    expect((await gateway.webhooks.inbound(form)).status).toBe(200);
    expect((await gateway.webhooks.inbound(form)).status).toBe(200);
    const events = await receivedEventsOf(form.MessageSid!);
    expect(events).toHaveLength(1);
    const [rows] = await Promise.all([
      gateway.query<{ media: unknown }>(`SELECT media FROM inbound_message WHERE provider_message_id = $1`, [
        form.MessageSid,
      ]),
    ]);
    expect(rows).toEqual([{ media: events[0]!.data.media }]);
  });

  it('S5: refuses media too large, of a type not allowed, not what they claim or not fetched, keeping a trace of each', async () => {
    const tooLarge = gateway.api.serveMedia(
      Buffer.concat([PNG, Buffer.alloc(MAX_MEDIA_BYTES)]),
      'image/png',
      credentials,
    );
    const svg = gateway.api.serveMedia(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'image/svg+xml',
      credentials,
    );
    const notAPng = gateway.api.serveMedia(Buffer.from('<html>hello</html>'), 'image/png', credentials);
    const form = inboundForm({
      NumMedia: '4',
      MediaUrl0: tooLarge,
      MediaContentType0: 'image/png',
      MediaUrl1: svg,
      MediaContentType1: 'image/svg+xml',
      MediaUrl2: notAPng,
      MediaContentType2: 'image/png',
      MediaUrl3: `${gateway.api.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM0/Media/gone`,
      MediaContentType3: 'image/jpeg',
    });

    expect((await gateway.webhooks.inbound(form)).status).toBe(200);

    const [event] = await receivedEventsOf(form.MessageSid!);
    expect(event!.data.media).toEqual([
      { status: 'refused', reason: 'too_large', contentType: 'image/png' },
      { status: 'refused', reason: 'type_not_allowed', contentType: 'image/svg+xml' },
      { status: 'refused', reason: 'content_mismatch', contentType: 'image/png' },
      { status: 'refused', reason: 'fetch_failed', contentType: 'image/jpeg' },
    ]);
    // A type the webhook already names as not allowed is not even fetched.
    expect(gateway.api.mediaRequests.some((request) => svg.endsWith(request.path))).toBe(false);
  });

  describe('signed media URLs (GET /media/{key})', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const localUrl = (signed: string) => signed.replace(PUBLIC_BASE_URL, gateway.service.url);

    it('S5: serves the image under a valid signature, privately and without sniffing', async () => {
      await storage.put('upload/signed-ok', JPEG, 'image/jpeg');
      const response = await fetch(
        localUrl(signedMediaUrl(PUBLIC_BASE_URL, 'upload/signed-ok', MEDIA_URL_SECRET, now(), 60)),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      expect(response.headers.get('cache-control')).toMatch(/private/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(JPEG);
    });

    it('S5: refuses a forged signature, another key’s signature and an expired URL', async () => {
      await storage.put('upload/signed-2', JPEG, 'image/jpeg');
      const forged = await fetch(
        localUrl(
          signedMediaUrl(PUBLIC_BASE_URL, 'upload/signed-2', 'not-the-gateway-secret-at-all', now(), 60),
        ),
      );
      expect(forged.status).toBe(403);
      expect(await forged.json()).toMatchObject({ error: { code: 'MEDIA_URL_INVALID' } });

      const otherKey = new URL(
        signedMediaUrl(PUBLIC_BASE_URL, 'upload/signed-ok', MEDIA_URL_SECRET, now(), 60),
      );
      const swapped = await fetch(`${gateway.service.url}/media/upload/signed-2${otherKey.search}`);
      expect(swapped.status).toBe(403);

      const expired = await fetch(
        localUrl(signedMediaUrl(PUBLIC_BASE_URL, 'upload/signed-2', MEDIA_URL_SECRET, now() - 120, 60)),
      );
      expect(expired.status).toBe(403);
      expect(await expired.json()).toMatchObject({ error: { code: 'MEDIA_URL_EXPIRED' } });

      const unsigned = await fetch(`${gateway.service.url}/media/upload/signed-2`);
      expect(unsigned.status).toBe(403);
    });
  });

  it('S5: an outbound MMS hands the provider a signed MediaUrl that serves the image', async () => {
    await storage.put('upload/outbound-1', PNG, 'image/png');
    const command = sendCommand({ media: [{ key: 'upload/outbound-1', contentType: 'image/png' }] });
    await gateway.publish(command);
    await eventually(() => expect(gateway.api.sendsOf(command.data.body)).toHaveLength(1));
    const [send] = gateway.api.sendsOf(command.data.body);
    const mediaUrl = send!.form.MediaUrl!;
    expect(mediaUrl.startsWith(`${PUBLIC_BASE_URL}/media/upload/outbound-1?`)).toBe(true);
    const response = await fetch(mediaUrl.replace(PUBLIC_BASE_URL, gateway.service.url));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });
});
