import {
  agentCapacityBody,
  createQueueBody,
  orderQueuesBody,
  presenceStateBody,
  updateChannelBody,
  updateQueueBody,
} from './routing-requests';

const ID = '01970000-0000-7000-8000-0000000c0001';
const QUEUE = {
  id: ID,
  name: 'Billing',
  active: true,
  condition: { field: 'priority', op: 'gte', value: 5 },
  schedule: null,
  assignmentRule: 'last_assigned',
  autoAssign: false,
  offerTimeoutSeconds: null,
  offerTimeoutPresence: null,
  members: [],
};

const pathsOf = (result: { error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('routing admin request bodies', () => {
  it('passes a condition through as the JSON it is: routing validates it', () => {
    const condition = { every: 'thing', routing: ['will', 'judge'] };
    expect(createQueueBody.parse({ ...QUEUE, condition })).toEqual({ ...QUEUE, condition });
  });

  it('wants condition and schedule said, null for "every conversation" and "always open"', () => {
    const { condition: _condition, schedule: _schedule, ...rest } = QUEUE;
    expect(pathsOf(createQueueBody.safeParse(rest))).toEqual(['condition', 'schedule']);
  });

  it('refuses settings it does not know instead of dropping them', () => {
    expect(createQueueBody.safeParse({ ...QUEUE, fallback: true }).success).toBe(false);
    expect(updateQueueBody.safeParse({ activ: false }).success).toBe(false);
    expect(orderQueuesBody.safeParse({ queueIds: [ID], extra: 1 }).success).toBe(false);
  });

  it('leaves what the path names out of the body', () => {
    expect(updateQueueBody.safeParse({ id: ID }).success).toBe(false);
    expect(presenceStateBody.safeParse({ name: 'x', receivesWork: true, channels: null }).success).toBe(
      false,
    );
    expect(updateChannelBody.safeParse({ name: 'sms' }).success).toBe(false);
    expect(
      agentCapacityBody.safeParse({ agentId: ID, universalCapacity: null, channels: { sms: 1 } }).success,
    ).toBe(false);
  });

  it('takes a change of any settings, or none', () => {
    expect(updateQueueBody.parse({ active: false })).toEqual({ active: false });
    expect(updateQueueBody.parse({})).toEqual({});
    expect(updateChannelBody.parse({ itemSize: 2 })).toEqual({ itemSize: 2 });
  });
});
