import { needsConfirmation, withStartedConversation } from './agent-start';
import { onConversationCreated } from './projections';
import { emptyConversation } from './read-model';

const ID = '01970000-0000-7000-8000-0000000000c1';
const NOW = new Date('2026-01-01T10:00:00.000Z');
const started = {
  requesterAddress: '+15551230001',
  companyAddress: '+15550100001',
  requester: { requesterUserId: 'grace', profileId: '01970000-0000-7000-8000-0000000000d1' },
};

describe('an agent-started conversation in the read model', () => {
  it('A3 and A4 need the agent to acknowledge the warning; A1 and A2 do not', () => {
    expect(['A1', 'A2', 'A3', 'A4'].filter((rule) => needsConfirmation(rule as 'A1'))).toEqual(['A3', 'A4']);
  });

  it('A1: before the created event, shows the numbers and requester asked for, active now', () => {
    const assigned = { ...emptyConversation(ID), state: 'work_in_progress' as const, assigneeId: 'alice' };
    expect(withStartedConversation(assigned, started, NOW)).toMatchObject({
      requesterAddress: '+15551230001',
      companyAddress: '+15550100001',
      requesterUserId: 'grace',
      profileId: started.requester.profileId,
      lastActivityAt: NOW,
      requesterEventId: null,
      state: 'work_in_progress',
      assigneeId: 'alice',
    });
  });

  it('lets the created event arriving later set the requester as interaction recorded it', () => {
    const filled = withStartedConversation(emptyConversation(ID), started, NOW);
    const created = onConversationCreated(
      filled,
      {
        interactionId: ID,
        channel: 'sms',
        requesterAddress: '+15551230001',
        companyAddress: '+15550100001',
        requesterUserId: 'ada',
        profileId: null,
        initiatedBy: 'agent',
        state: 'new',
        identityConflict: false,
      },
      { id: '01970000-0000-7000-8000-0000000000e1', occurredAt: new Date(NOW.getTime() - 5) },
    );
    expect(created).toMatchObject({ requesterUserId: 'ada', profileId: null, lastActivityAt: NOW });
  });

  it('changes nothing the created event or a requester change already set (A2 joins a known one)', () => {
    const known = {
      ...emptyConversation(ID),
      requesterAddress: '+15551230009',
      companyAddress: '+15550100002',
      requesterUserId: 'alan',
      requesterEventId: '01970000-0000-7000-8000-0000000000e2',
      lastActivityAt: new Date('2025-12-31T00:00:00.000Z'),
    };
    expect(withStartedConversation(known, { ...started, requester: null }, NOW)).toEqual(known);
  });
});
