import type { PayloadOf } from '@threadline/contracts';
import { onMessageAppended } from './projections';
import { toTranscriptMessage } from './views';

const INTERACTION = '01970000-0000-7000-8000-000000000001';
const stored = {
  status: 'stored' as const,
  mediaId: 'in-abc-0',
  key: 'inbound/in-abc-0',
  contentType: 'image/png',
  size: 1234,
};
const refused = { status: 'refused' as const, reason: 'too_large' as const, contentType: 'image/jpeg' };

const mms: PayloadOf<'interaction.message.appended.v1'> = {
  interactionId: INTERACTION,
  messageId: '01970000-0000-7000-8000-000000000002',
  direction: 'inbound',
  author: { kind: 'requester', id: null },
  body: '',
  media: [stored, refused],
  occurredAt: '2026-12-01T10:00:00.000Z',
  gatewaySequence: 1,
  visibility: 'requester_visible',
};

describe('S5: media in the read model', () => {
  it('keeps a message’s media, stored and refused', () => {
    expect(onMessageAppended(null, mms).media).toEqual([stored, refused]);
  });

  it('shows agents an authorised URL for a stored image and the reason for a refused one, never the storage key', () => {
    const line = toTranscriptMessage(onMessageAppended(null, mms))!;
    expect(line.media).toEqual([
      {
        status: 'stored',
        mediaId: 'in-abc-0',
        contentType: 'image/png',
        size: 1234,
        url: `/interactions/${INTERACTION}/media/in-abc-0`,
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
    expect(JSON.stringify(line)).not.toContain('inbound/');
  });
});
