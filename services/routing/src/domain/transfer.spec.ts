import { placeTransfer } from './transfer';

const OLDER = '01960000-0000-7000-8000-000000000001';
const TRANSFER = '01960000-0000-7000-8000-000000000002';
const NEWER = '01960000-0000-7000-8000-000000000003';
const SUPPORT = '01970000-0000-7000-8000-00000000c001';
const SALES = '01970000-0000-7000-8000-0000000005a1';
const QUEUES = [SUPPORT, SALES];

const transfer = (
  to: { queueId: string } | { agentId: string } | { requeue: true },
  byAgentId = 'alice',
) => ({
  interactionId: '01970000-0000-7000-8000-0000000000c1',
  to,
  byAgentId,
  stateEventId: TRANSFER,
});
const held = { queueId: SUPPORT, stateEventId: OLDER };

describe('placeTransfer (SPEC W10)', () => {
  it('to a queue: waits there for anyone but who transferred it', () => {
    expect(placeTransfer(transfer({ queueId: SALES }), held, QUEUES)).toEqual({
      queueId: SALES,
      reservedFor: null,
      excluded: ['alice'],
      unknownQueue: false,
    });
  });

  it('to an agent: stays in its queue, reserved for them', () => {
    expect(placeTransfer(transfer({ agentId: 'bob' }), held, QUEUES)).toEqual({
      queueId: SUPPORT,
      reservedFor: 'bob',
      excluded: ['alice'],
      unknownQueue: false,
    });
  });

  it('a requeue (SPEC M5 "Reassign"): waits in its own queue again, for anyone but who held it', () => {
    expect(placeTransfer(transfer({ requeue: true }), held, QUEUES)).toEqual({
      queueId: SUPPORT,
      reservedFor: null,
      excluded: ['alice'],
      unknownQueue: false,
    });
  });

  it('a manager naming themselves is not kept from it', () => {
    expect(placeTransfer(transfer({ agentId: 'maria' }, 'maria'), held, QUEUES)?.excluded).toEqual([]);
  });

  it('to a queue routing does not have: stays in its own queue, and says so', () => {
    expect(
      placeTransfer(transfer({ queueId: '01970000-0000-7000-8000-0000000005ff' }), held, QUEUES),
    ).toEqual({
      queueId: SUPPORT,
      reservedFor: null,
      excluded: ['alice'],
      unknownQueue: true,
    });
  });

  it('changes nothing on an item that already follows this state change or a later one', () => {
    expect(
      placeTransfer(transfer({ queueId: SALES }), { queueId: SUPPORT, stateEventId: NEWER }, QUEUES),
    ).toBeNull();
    expect(
      placeTransfer(transfer({ queueId: SALES }), { queueId: SUPPORT, stateEventId: TRANSFER }, QUEUES),
    ).toBeNull();
    expect(
      placeTransfer(transfer({ queueId: SALES }), { queueId: SUPPORT, stateEventId: null }, QUEUES),
    ).not.toBeNull();
  });
});
