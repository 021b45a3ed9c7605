import { queries } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_QUEUE_ID } from '../src/domain/default-queue';
import { routingService } from '../src/routing.service';
import { enqueue, stateChanged } from './support';

interface WorkItemRow {
  id: string;
  state: string;
  agent_id: string | null;
  held: boolean;
  state_event_id: string | null;
  preferred_agent_id: string | null;
  offer_count: number;
  assigned_at: Date | null;
  closed_at: Date | null;
  enqueued_at: Date;
}

describe('routing: work items follow their conversation (SPEC W4, I5, A1, R4)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let tap: MessageTap;
  let agentCounter = 0;

  const db = () => service.runtime.dataSource;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    // Capacity 1: one item fills an agent, so any freed room shows as the next offer.
    // The test's own probes and its lock-holding transaction share the service's pool with two
    // consumers' transactions held on purpose, so it needs more than the budgeted default of 3.
    service = await bootService(routingService, environment, {
      ROUTING_DEFAULT_CAPACITY: '1',
      DATABASE_POOL_SIZE: '10',
    });
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'routing.offer.created.v1',
      'routing.workitem.assigned.v1',
      'routing.workitem.queued.v1',
      'routing.workitem.closed.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await environment?.dispose();
  });

  beforeEach(async () => {
    // Each test starts with nobody available and nothing waiting.
    await db().query(`UPDATE agent SET presence = 'offline'`);
    await db().query(`UPDATE work_item SET state = 'closed', agent_id = NULL, closed_at = now()`);
  });

  const newAgent = () => `agent-${String(++agentCounter).padStart(3, '0')}`;
  const setPresence = (agentId: string, presence: 'available' | 'offline' = 'available') =>
    service.runtime.ask(queries.setAgentPresence, { agentId, presence });

  async function itemOf(interactionId: string): Promise<WorkItemRow | undefined> {
    const rows = await db().query<WorkItemRow[]>(
      `SELECT id, state, agent_id, held, state_event_id, preferred_agent_id, offer_count, assigned_at,
              closed_at, enqueued_at
         FROM work_item WHERE interaction_id = $1 ORDER BY enqueued_at DESC`,
      [interactionId],
    );
    return rows[0];
  }

  async function outboxCount(subject: string, interactionId: string): Promise<number> {
    const [row] = await db().query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND payload->'data'->>'interactionId' = $2`,
      [subject, interactionId],
    );
    return row!.n;
  }

  /** Waits until routing's consumer has committed the handling of `eventId`. */
  async function handled(eventId: string): Promise<void> {
    await eventually(async () => {
      const rows = await db().query<unknown[]>(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId]);
      expect(rows).toHaveLength(1);
    });
  }

  /** Sessions of this database waiting for a lock while running a statement that contains `sql`. */
  async function waitingOnLock(sql: string): Promise<number> {
    const [row] = await db().query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND position($1 in query) > 0`,
      [sql],
    );
    return row!.n;
  }

  async function offerFor(interactionId: string) {
    const [offer] = await tap.waitFor(
      'routing.offer.created.v1',
      (event) => event.data.interactionId === interactionId,
    );
    return offer!;
  }

  async function queuedFor(interactionId: string) {
    const [queued] = await tap.waitFor(
      'routing.workitem.queued.v1',
      (event) => event.data.interactionId === interactionId,
    );
    return queued!;
  }

  /** An item offered to `agentId` and accepted: it is theirs and counts against their capacity. */
  async function assignedTo(agentId: string): Promise<{ interactionId: string; workItemId: string }> {
    const command = enqueue();
    await tap.publish(command);
    const offer = await offerFor(command.data.interactionId);
    expect(offer.data.agentId).toBe(agentId);
    await service.runtime.ask(queries.acceptOffer, { workItemId: offer.data.workItemId, agentId });
    return { interactionId: command.data.interactionId, workItemId: offer.data.workItemId };
  }

  /** An item that waits: queued (announced), with no offer, because nobody has room. */
  async function waiting(): Promise<string> {
    const command = enqueue();
    await tap.publish(command);
    await queuedFor(command.data.interactionId);
    expect(await itemOf(command.data.interactionId)).toMatchObject({ state: 'queued', agent_id: null });
    expect(await outboxCount('routing.offer.created.v1', command.data.interactionId)).toBe(0);
    return command.data.interactionId;
  }

  it('routing.workitem.queued.v1 announces a new item with its queue, priority and reason new', async () => {
    const command = enqueue(uuidv7(), { priority: 3 });
    await tap.publish(command);
    const queued = await queuedFor(command.data.interactionId);
    const item = await itemOf(command.data.interactionId);
    expect(item).toMatchObject({ state: 'queued', preferred_agent_id: null });
    expect(queued.data).toEqual({
      workItemId: item!.id,
      interactionId: command.data.interactionId,
      queueId: DEFAULT_QUEUE_ID,
      queueName: 'SMS support',
      priority: 3,
      reason: 'new',
      enqueuedAt: item!.enqueued_at.toISOString(),
    });
    expect(queued.correlationId).toBe(command.data.interactionId);
    expect(queued.causationId).toBe(command.id);
  });

  it("W4/I5: the end of an assigned item's conversation closes it and offers the waiting item to the freed agent", async () => {
    const alice = newAgent();
    await setPresence(alice);
    const first = await assignedTo(alice);
    const second = await waiting();

    const ended = stateChanged(first.interactionId, {
      from: 'work_in_progress',
      to: 'closed_complete',
      assigneeId: alice,
      cause: 'agent_ended',
      actor: { kind: 'agent', id: alice },
    });
    await tap.publish(ended);

    const [closed] = await tap.waitFor(
      'routing.workitem.closed.v1',
      (event) => event.data.interactionId === first.interactionId,
    );
    expect(closed!.data).toEqual({
      workItemId: first.workItemId,
      interactionId: first.interactionId,
      agentId: alice,
      reason: 'interaction_closed',
    });
    expect(closed!.causationId).toBe(ended.id);
    const offer = await offerFor(second);
    expect(offer.data.agentId).toBe(alice);
    // Offered in the same transaction that closed the item.
    expect(offer.causationId).toBe(ended.id);

    expect(await itemOf(first.interactionId)).toMatchObject({
      id: first.workItemId,
      state: 'closed',
      agent_id: null,
      held: false,
      state_event_id: ended.id,
      closed_at: expect.any(Date),
    });
    expect(await itemOf(second)).toMatchObject({ state: 'offered', agent_id: alice });
    const closure = await db().query(
      `SELECT closed_event_id FROM interaction_closure WHERE interaction_id = $1`,
      [first.interactionId],
    );
    expect(closure).toEqual([{ closed_event_id: ended.id }]);
    expect((await setPresence(alice)).load).toBe(1);
  });

  it('W4: on hold frees the capacity (waiting work is offered), work in progress counts again, an older hold arriving late is ignored', async () => {
    const alice = newAgent();
    await setPresence(alice);
    const held = await assignedTo(alice);
    const next = await waiting();

    const hold = stateChanged(held.interactionId, {
      from: 'work_in_progress',
      to: 'on_hold',
      assigneeId: alice,
      cause: 'agent_hold',
    });
    await tap.publish(hold);
    expect((await offerFor(next)).data.agentId).toBe(alice);
    expect(await itemOf(held.interactionId)).toMatchObject({
      state: 'assigned',
      agent_id: alice,
      held: true,
      state_event_id: hold.id,
    });
    // The held item stays hers but does not count: only the new offer does.
    expect((await setPresence(alice)).load).toBe(1);

    // Issued before the resume, delivered after it.
    const lateHold = stateChanged(held.interactionId, {
      from: 'work_in_progress',
      to: 'on_hold',
      assigneeId: alice,
      cause: 'agent_hold',
    });
    const resume = stateChanged(held.interactionId, {
      from: 'on_hold',
      to: 'work_in_progress',
      assigneeId: alice,
      cause: 'agent_resume',
    });
    await tap.publish(resume);
    await handled(resume.id);
    expect(await itemOf(held.interactionId)).toMatchObject({ held: false, state_event_id: resume.id });
    expect((await setPresence(alice)).load).toBe(2);

    await tap.publish(lateHold);
    await handled(lateHold.id);
    expect(await itemOf(held.interactionId)).toMatchObject({
      state: 'assigned',
      held: false,
      state_event_id: resume.id,
    });
    expect((await setPresence(alice)).load).toBe(2);
  });

  it('decision 20: a conversation in wrap-up counts against the capacity again', async () => {
    const alice = newAgent();
    await setPresence(alice);
    const item = await assignedTo(alice);
    const hold = stateChanged(item.interactionId, {
      from: 'work_in_progress',
      to: 'on_hold',
      assigneeId: alice,
    });
    await tap.publish(hold);
    await handled(hold.id);
    expect((await setPresence(alice)).load).toBe(0);

    const wrapUp = stateChanged(item.interactionId, {
      from: 'on_hold',
      to: 'wrap_up',
      assigneeId: alice,
      cause: 'agent_ended',
    });
    await tap.publish(wrapUp);
    await handled(wrapUp.id);
    expect(await itemOf(item.interactionId)).toMatchObject({
      state: 'assigned',
      held: false,
      state_event_id: wrapUp.id,
    });
    expect((await setPresence(alice)).load).toBe(1);
  });

  it('an enqueue issued before the interaction closed is ignored when it arrives after the close; a later one (reopen) is routed', async () => {
    const alice = newAgent();
    await setPresence(alice);
    const interactionId = uuidv7();
    const stale = enqueue(interactionId);
    const ended = stateChanged(interactionId, {
      from: 'new',
      to: 'closed_abandoned',
      cause: 'system_ended',
      actor: { kind: 'system', id: null },
    });
    await tap.publish(ended);
    await handled(ended.id);
    expect(await itemOf(interactionId)).toBeUndefined();

    await tap.publish(stale);
    await handled(stale.id);
    expect(await itemOf(interactionId)).toBeUndefined();
    expect(await outboxCount('routing.workitem.queued.v1', interactionId)).toBe(0);
    expect(await outboxCount('routing.offer.created.v1', interactionId)).toBe(0);

    const reopened = enqueue(interactionId, { preferredAgentId: alice });
    await tap.publish(reopened);
    const queued = await queuedFor(interactionId);
    expect(queued.data.reason).toBe('reopened');
    expect((await offerFor(interactionId)).data.agentId).toBe(alice);
    expect(await itemOf(interactionId)).toMatchObject({ state: 'offered', agent_id: alice });
  });

  it('I5: a close handled while the enqueue of the same conversation is still in its transaction closes the new item', async () => {
    // Found by the two-replica property test: the enqueue read "not closed", the close found no
    // item (the enqueue's was not committed yet), and the ended conversation's item stayed open.
    const interactionId = uuidv7();
    const command = enqueue(interactionId);
    const ended = stateChanged(interactionId, {
      from: 'new',
      to: 'closed_abandoned',
      cause: 'system_ended',
      actor: { kind: 'system', id: null },
    });
    // Holds the enqueue inside its transaction: inserting the item checks the queue's foreign key,
    // which waits for this lock on the queue's row.
    const blocker = db().createQueryRunner();
    await blocker.connect();
    try {
      await blocker.startTransaction();
      await blocker.query(`SELECT 1 FROM queue WHERE id = $1 FOR UPDATE`, [DEFAULT_QUEUE_ID]);
      await tap.publish(command);
      await eventually(async () => expect(await waitingOnLock('INSERT INTO work_item')).toBe(1));
      // The close comes now; it must not be over (nothing closed) while the item is uncommitted.
      await tap.publish(ended);
      await eventually(async () => {
        const closeWaits = await waitingOnLock('pg_advisory_xact_lock');
        const closeDone = await db().query<unknown[]>(`SELECT 1 FROM inbox WHERE event_id = $1`, [ended.id]);
        expect(closeWaits + closeDone.length).toBeGreaterThan(0);
      });
      await blocker.commitTransaction();
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
    await handled(command.id);
    await handled(ended.id);
    expect(await itemOf(interactionId)).toMatchObject({ state: 'closed', state_event_id: ended.id });
    expect(await outboxCount('routing.workitem.closed.v1', interactionId)).toBe(1);
  });

  it('R4: a reopen whose close has not reached routing yet closes the old item itself, and the late close leaves the new one alone', async () => {
    const alice = newAgent();
    await setPresence(alice);
    const { interactionId, workItemId: oldItem } = await assignedTo(alice);
    // Interaction closed it, then a requester reopened it; the two events travel on different
    // streams, and here the reopen's enqueue arrives first.
    const closed = stateChanged(interactionId, {
      from: 'work_in_progress',
      to: 'closed_complete',
      assigneeId: alice,
      cause: 'agent_ended',
      actor: { kind: 'agent', id: alice },
    });
    const reopen = stateChanged(interactionId, {
      from: 'closed_complete',
      to: 'new',
      cause: 'requester_reopened',
      actor: { kind: 'requester', id: null },
    });
    const reenqueue = enqueue(interactionId, { preferredAgentId: alice, reopenedBy: reopen.id });
    await tap.publish(reenqueue);
    await handled(reenqueue.id);
    const [closedEvent] = await tap.waitFor(
      'routing.workitem.closed.v1',
      (event) => event.data.workItemId === oldItem,
    );
    expect(closedEvent!.data).toMatchObject({ interactionId, agentId: alice, reason: 'interaction_closed' });
    // The freed agent is offered the reopened conversation.
    expect((await offerFor(interactionId)).data.agentId).toBe(alice);
    const fresh = await itemOf(interactionId);
    expect(fresh).toMatchObject({ state: 'offered', agent_id: alice, state_event_id: reopen.id });
    expect(fresh!.id).not.toBe(oldItem);

    await tap.publish(closed);
    await handled(closed.id);
    // The old life's close is older than the reopen: the new item stays as it was.
    expect(await itemOf(interactionId)).toMatchObject({ id: fresh!.id, state: 'offered', agent_id: alice });
    expect(await outboxCount('routing.workitem.closed.v1', interactionId)).toBe(1);
  });

  it('A1: an enqueue naming the agent who started the conversation makes it theirs at once, with no offer, and it counts', async () => {
    const alice = newAgent();
    await setPresence(alice);
    const command = enqueue(uuidv7(), { assignedTo: alice });
    await tap.publish(command);

    const [assigned] = await tap.waitFor(
      'routing.workitem.assigned.v1',
      (event) => event.data.interactionId === command.data.interactionId,
    );
    const item = await itemOf(command.data.interactionId);
    expect(item).toMatchObject({
      state: 'assigned',
      agent_id: alice,
      offer_count: 0,
      held: false,
      assigned_at: expect.any(Date),
    });
    expect(assigned!.data).toEqual({
      workItemId: item!.id,
      interactionId: command.data.interactionId,
      agentId: alice,
    });
    expect(assigned!.causationId).toBe(command.id);
    expect(await outboxCount('routing.offer.created.v1', command.data.interactionId)).toBe(0);
    expect(await outboxCount('routing.workitem.queued.v1', command.data.interactionId)).toBe(0);

    // Her one unit of capacity is taken: the next conversation waits.
    expect((await setPresence(alice)).load).toBe(1);
    await waiting();
  });

  it('R4: the agent who held a reopened conversation is offered it first, even when the rule would pick another', async () => {
    const [preferred, other] = [newAgent(), newAgent()];
    await setPresence(preferred);
    await setPresence(other);
    // Most capacity (W5) favours the other agent: three free against one.
    await db().query(
      `INSERT INTO agent_channel_capacity (agent_id, channel, capacity) VALUES ($1, 'sms', 3)`,
      [other],
    );

    const control = enqueue();
    await tap.publish(control);
    expect((await offerFor(control.data.interactionId)).data.agentId).toBe(other);

    const reopened = enqueue(uuidv7(), { preferredAgentId: preferred });
    await tap.publish(reopened);
    const queued = await queuedFor(reopened.data.interactionId);
    expect(queued.data.reason).toBe('reopened');
    expect((await offerFor(reopened.data.interactionId)).data.agentId).toBe(preferred);
    expect(await itemOf(reopened.data.interactionId)).toMatchObject({
      state: 'offered',
      agent_id: preferred,
      preferred_agent_id: preferred,
    });
  });

  it('R4: when the agent who held it has no room, or is not available, the rule decides', async () => {
    const [preferred, other] = [newAgent(), newAgent()];
    await setPresence(other, 'offline');
    await setPresence(preferred);
    await assignedTo(preferred);
    await setPresence(other);

    const full = enqueue(uuidv7(), { preferredAgentId: preferred });
    await tap.publish(full);
    expect((await offerFor(full.data.interactionId)).data.agentId).toBe(other);

    const [away, second] = [newAgent(), newAgent()];
    await setPresence(away, 'offline');
    await setPresence(second);
    const offline = enqueue(uuidv7(), { preferredAgentId: away });
    await tap.publish(offline);
    expect((await offerFor(offline.data.interactionId)).data.agentId).toBe(second);
    expect(await itemOf(offline.data.interactionId)).toMatchObject({ preferred_agent_id: away });
  });
});
