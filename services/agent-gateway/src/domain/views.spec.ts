import { emptyConversation, type OfferRecord } from './read-model';
import {
  inboxOfferDetailsChanged,
  isCompleted,
  toConversationSummary,
  toInboxOffer,
  toTranscriptMessage,
} from './views';
import { emptyMessage } from './read-model';

const now = new Date('2025-01-01T10:05:00.000Z');
const offer: OfferRecord = {
  workItemId: '01970000-0000-7000-8000-0000000000d1',
  interactionId: '01970000-0000-7000-8000-0000000000c1',
  agentId: '01970000-0000-7000-8000-00000000a001',
  offeredAt: new Date('2025-01-01T10:04:00.000Z'),
  expiresAt: new Date('2025-01-01T10:06:00.000Z'),
  state: 'pending',
  offerEventId: '01970000-0000-7000-8000-000000000001',
  acceptedEventId: null,
};

describe('Inbox entries (I1)', () => {
  it('I1: shows requester, company number, first message and how long the requester has waited', () => {
    const conversation = {
      ...emptyConversation(offer.interactionId),
      requesterAddress: '+15551230001',
      companyAddress: '+15550100001',
      requesterUserId: 'user-1',
      firstMessageBody: 'My order never arrived',
      createdAt: new Date('2025-01-01T10:00:00.000Z'),
    };
    expect(toInboxOffer(offer, conversation, now)).toEqual({
      workItemId: offer.workItemId,
      interactionId: offer.interactionId,
      requesterAddress: '+15551230001',
      companyAddress: '+15550100001',
      requesterUserId: 'user-1',
      firstMessage: 'My order never arrived',
      offeredAt: '2025-01-01T10:04:00.000Z',
      expiresAt: '2025-01-01T10:06:00.000Z',
      waitingSinceMs: 5 * 60 * 1000,
      // W6: the offer made at 10:04 stands until 10:06; at 10:05 one minute is left.
      expiresInMs: 60_000,
    });
  });

  it('I1: counts the wait from the offer while the conversation has not arrived', () => {
    expect(toInboxOffer(offer, null, now)).toMatchObject({ requesterAddress: null, waitingSinceMs: 60_000 });
  });

  it('I1: leaves out offers that were accepted or have expired', () => {
    expect(toInboxOffer({ ...offer, state: 'accepted' }, null, now)).toBeNull();
    expect(toInboxOffer(offer, null, new Date('2025-01-01T10:06:00.000Z'))).toBeNull();
  });
});

describe('an Inbox entry whose details arrive after the offer (I1)', () => {
  const before = emptyConversation(offer.interactionId);

  it.each([
    ['the requester', { requesterAddress: '+15551230001' }],
    ['the company number', { companyAddress: '+15550100001' }],
    ["the requester's user", { requesterUserId: 'user-1' }],
    ['the first message', { firstMessageBody: 'My order never arrived' }],
    ['when the conversation began (the waiting time)', { createdAt: new Date('2025-01-01T10:00:00.000Z') }],
  ])('I1: reads differently once %s is known', (_label, change) => {
    expect(inboxOfferDetailsChanged(before, { ...before, ...change })).toBe(true);
  });

  it('I1: reads the same when only what the entry does not show changed', () => {
    const complete = { ...before, requesterAddress: '+15551230001', createdAt: new Date(now) };
    expect(
      inboxOfferDetailsChanged(complete, {
        ...complete,
        createdAt: new Date(now),
        unreadCount: 3,
        lastActivityAt: now,
        assigneeId: 'agent-2',
      }),
    ).toBe(false);
  });
});

describe('transcript lines', () => {
  it('leave out a placeholder whose message has not arrived', () => {
    expect(toTranscriptMessage({ ...emptyMessage('m'), deliveryStatus: 'sent' })).toBeNull();
  });
});

describe('conversation summaries', () => {
  it('P4/P5: show the profile, the identity conflict and its reason', () => {
    const conversation = {
      ...emptyConversation(offer.interactionId),
      profileId: '01970000-0000-7000-8000-0000000000e1',
      identityConflict: true,
      identityConflictReason: 'directory_disagrees' as const,
    };
    expect(toConversationSummary(conversation)).toMatchObject({
      profileId: '01970000-0000-7000-8000-0000000000e1',
      identityConflict: true,
      identityConflictReason: 'directory_disagrees',
    });
  });

  it('I4: count only the two final states as completed; an unknown state is still open', () => {
    expect(isCompleted('closed_complete')).toBe(true);
    expect(isCompleted('closed_abandoned')).toBe(true);
    expect(isCompleted('wrap_up')).toBe(false);
    expect(isCompleted(null)).toBe(false);
  });
});
