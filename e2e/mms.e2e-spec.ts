import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentClient, eventually } from '@threadline/testkit';
import type { ConversationDetail, List, Offer } from './support/agent-api';
import { ADA, SUPPORT } from './support/demo';
import { type DemoSystem, startDemoSystem } from './support/system';

/** A tiny PNG: the signature and a few bytes; every check we make reads only the signature. */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 5),
]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(120, 1)]);

interface MediaLine {
  status: string;
  mediaId: string | null;
  contentType: string | null;
  url: string | null;
}

describe('S5: MMS, end to end', () => {
  let demo: DemoSystem;
  let alice: AgentClient;
  let mediaDir: string;
  let interactionId: string;

  beforeAll(async () => {
    // sms-gateway stores, agent-gateway serves: one directory for both, as on one machine.
    mediaDir = await mkdtemp(join(tmpdir(), 'threadline-e2e-media-'));
    demo = await startDemoSystem({ env: { MEDIA_DIR: mediaDir } });
    alice = await demo.loginAvailable('alice');
  });

  afterAll(async () => {
    await demo?.stop();
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('S5: Ada’s phone sends an image; alice’s conversation lists it and its URL gives her the same bytes', async () => {
    const sent = await demo.simulator.sendMms(ADA.phone, SUPPORT, 'Look at the box', [
      { contentType: 'image/png', bytes: PNG },
    ]);
    expect(sent.webhook.status).toBe(200);
    const pushed = await alice.waitForEvent('offer.created');
    const offer = await eventually(async () => {
      const offers = await alice.expect<List<Offer>>(200, 'GET', '/inbox/offers');
      const found = offers.items.find((candidate) => candidate.workItemId === pushed.data.workItemId);
      if (!found) throw new Error('offer not in the inbox yet');
      return found;
    });
    interactionId = offer.interactionId;
    await alice.expect(200, 'POST', `/offers/${offer.workItemId}/accept`);

    const image = await eventually(async () => {
      const detail = await alice.expect<ConversationDetail>(200, 'GET', `/interactions/${interactionId}`);
      const line = detail.messages.find((message) => message.body === 'Look at the box') as
        { media: MediaLine[] } | undefined;
      expect(line?.media).toEqual([expect.objectContaining({ status: 'stored', contentType: 'image/png' })]);
      return line!.media[0]!;
    });
    expect(image.url).toBe(`/interactions/${interactionId}/media/${image.mediaId}`);
    const response = await fetch(`${demo.urls['agent-gateway']}${image.url!}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });

  it('S5: alice sends an image; Ada’s phone receives it through the signed media URL', async () => {
    const uploaded = await fetch(`${demo.urls['agent-gateway']}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'image/gif' },
      body: GIF,
    });
    expect(uploaded.status).toBe(201);
    const { mediaId } = (await uploaded.json()) as { mediaId: string };
    await alice.expect(202, 'POST', `/interactions/${interactionId}/messages`, {
      body: 'Here is the label',
      mediaIds: [mediaId],
    });

    const received = await eventually(async () => {
      const inbox = await demo.simulator.received(ADA.phone);
      const message = inbox.find((candidate) => candidate.body === 'Here is the label');
      expect(message?.media).toEqual([{ url: expect.any(String), contentType: 'image/gif', error: null }]);
      return message!;
    });
    const shown = await fetch(`${demo.urls.simulator}${received.media[0]!.url!}`);
    expect(Buffer.from(await shown.arrayBuffer())).toEqual(GIF);
  });
});
