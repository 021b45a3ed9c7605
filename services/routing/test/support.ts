// Shared by routing's integration suites.
import { createEnvelope, type PayloadOf, type queries, type RequestOf } from '@threadline/contracts';
import { v7 as uuidv7 } from 'uuid';

/** The command interaction (or a virtual agent's handoff) sends to route a conversation. */
export function enqueue(
  interactionId: string = uuidv7(),
  extras: Partial<PayloadOf<'routing.workitem.enqueue.v1'>> = {},
) {
  return createEnvelope(
    'routing.workitem.enqueue.v1',
    { interactionId, channel: 'sms', priority: 0, attributes: {}, ...extras },
    { correlationId: interactionId },
  );
}

type StateChange = PayloadOf<'interaction.conversation.state-changed.v1'>;

/** The event interaction publishes when a conversation changes state. */
export function stateChanged(
  interactionId: string,
  change: Pick<StateChange, 'from' | 'to'> & Partial<StateChange>,
) {
  return createEnvelope(
    'interaction.conversation.state-changed.v1',
    { interactionId, assigneeId: null, ...change },
    { correlationId: interactionId },
  );
}

type CreateQueue = RequestOf<typeof queries.createQueue>;

/** A createQueue request: active, no condition or schedule, most capacity, no members, unless given. */
export function queueRequest(name: string, settings: Partial<CreateQueue> = {}): CreateQueue {
  return {
    id: uuidv7(),
    name,
    active: true,
    condition: null,
    schedule: null,
    assignmentRule: 'most_capacity',
    autoAssign: false,
    offerTimeoutSeconds: null,
    offerTimeoutPresence: null,
    members: [],
    ...settings,
  };
}

/** A condition matching conversations to one company number. */
export function companyIs(number: string) {
  return { field: 'companyAddress', op: 'eq', value: number };
}

/** The weekday now in `timeZone`, as schedules name it ('mon' ... 'sun'), `daysAhead` later. */
export function weekdayIn(timeZone: string, daysAhead = 0): string {
  const at = new Date(Date.now() + daysAhead * 86_400_000);
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(at).toLowerCase();
}

/**
 * The value of a Prometheus metric's sample the service serves on /metrics: the one with these
 * labels (others, such as the service's own, may come with it); 0 when there is none yet.
 */
export async function scrape(
  serviceUrl: string,
  metric: string,
  labels: Record<string, string>,
): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  const line = text.split('\n').find((row) => {
    if (!row.startsWith(`${metric}{`)) return false;
    const found = row.slice(metric.length + 1, row.lastIndexOf('}')).split(',');
    return wanted.every((label) => found.includes(label));
  });
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
