import { canView, conversationAudience, pushTo } from './push-routing';
import { emptyConversation } from './read-model';
import { toConversationSummary } from './views';

const ALICE = 'alice-id';
const BOB = 'bob-id';

describe('push routing', () => {
  it('sends conversation changes to the assignee and to agents with an open offer, once each', () => {
    expect(conversationAudience(ALICE, [BOB, ALICE])).toEqual([ALICE, BOB]);
    expect(conversationAudience(null, [])).toEqual([]);
  });

  it('lets only that audience open the conversation', () => {
    expect(canView(ALICE, ALICE, [])).toBe(true);
    expect(canView(BOB, null, [BOB])).toBe(true);
    expect(canView(BOB, ALICE, [])).toBe(false);
  });

  it('builds nothing when nobody follows the conversation', () => {
    const summary = toConversationSummary(emptyConversation('i'));
    expect(pushTo([null], 'interaction.updated', summary, new Date())).toEqual([]);
  });

  it('stamps each event with its type, data and time', () => {
    const at = new Date('2025-01-01T10:00:00.000Z');
    const data = {
      interactionId: 'i',
      messageId: 'm',
      deliveryStatus: 'sent' as const,
      errorCode: null,
      failureReason: null,
    };
    expect(pushTo([ALICE, ALICE, null], 'message.status-changed', data, at)).toEqual([
      { agentIds: [ALICE], event: { type: 'message.status-changed', data, at: '2025-01-01T10:00:00.000Z' } },
    ]);
  });
});
