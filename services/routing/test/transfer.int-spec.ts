// SPEC W10 against the real servers: a transferred conversation is a new offer, to the members of
// another queue or to one named agent, with its age kept (W8) and the transferring agent's room freed.
// SPEC M5 "Reassign" is a transfer back to the item's own queue; SPEC M4 asks which queue that is.
import { createEnvelope, type EnvelopeOf, queries } from '@threadline/contracts';
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

const SALES = '01970000-0000-7000-8000-0000000005a1';

interface WorkItemRow {
  id: string;
  state: string;
  queue_id: string;
  agent_id: string | null;
  held: boolean;
  reserved_for: string | null;
  rejected_by: string[];
  state_event_id: string | null;
  enqueued_at: Date;
}

describe('routing: transfer to another queue or agent (SPEC W10)', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let tap: MessageTap;
  let agentCounter = 0;

  const db = () => service.runtime.dataSource;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    // Capacity 2: room is something agents have more or less of. No periodic dispatch during a
    // test: what is offered is offered by the transfer itself.
    service = await bootService(routingService, environment, {
      ROUTING_DEFAULT_CAPACITY: '2',
      ROUTING_DISPATCH_INTERVAL_MS: '60000',
    });
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'routing.offer.created.v1',
      'routing.workitem.assigned.v1',
      'routing.workitem.queued.v1',
    );
    // Sales matches no new conversation (an empty `any` is false): it gets its work by transfer.
    await db().query(
      `INSERT INTO queue (id, name, position, condition) VALUES ($1, 'Sales', 1, '{"any": []}')`,
      [SALES],
    );
    // Routing reads its queues at most a second old.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
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

  const newAgent = () => `transfer-agent-${String(++agentCounter).padStart(3, '0')}`;
  const available = (agentId: string) =>
    service.runtime.ask(queries.setAgentPresence, { agentId, presence: 'available' });

  /** An available agent who serves `SALES` only (not the fallback queue new agents join). */
  async function salesAgent(): Promise<string> {
    const agentId = newAgent();
    await available(agentId);
    await db().query(`DELETE FROM queue_member WHERE agent_id = $1`, [agentId]);
    await db().query(`INSERT INTO queue_member (queue_id, agent_id) VALUES ($1, $2)`, [SALES, agentId]);
    return agentId;
  }

  async function itemOf(interactionId: string): Promise<WorkItemRow> {
    const [row] = await db().query<WorkItemRow[]>(
      `SELECT id, state, queue_id, agent_id, held, reserved_for, rejected_by, state_event_id, enqueued_at
         FROM work_item WHERE interaction_id = $1 AND state <> 'closed'`,
      [interactionId],
    );
    return row!;
  }

  async function load(agentId: string): Promise<number> {
    const [row] = await db().query<Array<{ load: number }>>(
      `SELECT count(*)::int AS load FROM work_item WHERE agent_id = $1 AND state IN ('offered', 'assigned') AND NOT held`,
      [agentId],
    );
    return row!.load;
  }

  /** Waits until routing's consumer has committed the handling of `eventId`. */
  async function handled(eventId: string): Promise<void> {
    await eventually(async () => {
      const rows = await db().query<unknown[]>(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId]);
      expect(rows).toHaveLength(1);
    });
  }

  function offersOf(interactionId: string) {
    return tap
      .events('routing.offer.created.v1')
      .filter((event) => event.data.interactionId === interactionId);
  }

  async function nextOffer(interactionId: string, count: number) {
    const offers = await tap.waitFor(
      'routing.offer.created.v1',
      (event) => event.data.interactionId === interactionId,
      count,
    );
    return offers[count - 1]!;
  }

  /** A conversation routed to `agentId` (the only one available) and accepted by them. */
  async function heldBy(agentId: string): Promise<{ interactionId: string; workItemId: string }> {
    const command = enqueue();
    await tap.publish(command);
    const offer = await nextOffer(command.data.interactionId, 1);
    expect(offer.data.agentId).toBe(agentId);
    await service.runtime.ask(queries.acceptOffer, { workItemId: offer.data.workItemId, agentId });
    return { interactionId: command.data.interactionId, workItemId: offer.data.workItemId };
  }

  /** Interaction's transfer: its state change to `new` (what routing ignores) and the command naming it. */
  function transferOf(
    interactionId: string,
    to: { queueId: string } | { agentId: string } | { requeue: true },
    byAgentId: string,
  ): {
    changed: EnvelopeOf<'interaction.conversation.state-changed.v1'>;
    command: EnvelopeOf<'routing.workitem.transfer.v1'>;
  } {
    const changed = createEnvelope(
      'interaction.conversation.state-changed.v1',
      {
        interactionId,
        from: 'work_in_progress',
        to: 'new',
        assigneeId: null,
        cause: 'transferred',
        actor: { kind: 'agent', id: byAgentId },
      },
      { correlationId: interactionId },
    );
    const command = createEnvelope(
      'routing.workitem.transfer.v1',
      { interactionId, to, byAgentId, stateEventId: changed.id },
      { correlationId: interactionId, causationId: changed.id },
    );
    return { changed, command };
  }

  it('W10, W8: to a queue, it is offered to a member of that queue, with its age, and the transferring agent’s room is free', async () => {
    const alice = newAgent();
    await available(alice);
    const { interactionId, workItemId } = await heldBy(alice);
    const before = await itemOf(interactionId);
    const carol = newAgent();
    await available(carol);
    const bob = await salesAgent();
    expect(await load(alice)).toBe(1);

    const { changed, command } = transferOf(interactionId, { queueId: SALES }, alice);
    // The transfer's own state change arrives first and changes nothing.
    await tap.publish(changed);
    await handled(changed.id);
    expect((await itemOf(interactionId)).agent_id).toBe(alice);
    await tap.publish(command);

    const [queued] = await tap.waitFor(
      'routing.workitem.queued.v1',
      (event) => event.data.interactionId === interactionId && event.data.reason === 'transferred',
    );
    expect(queued!.data).toEqual({
      workItemId,
      interactionId,
      queueId: SALES,
      queueName: 'Sales',
      priority: 0,
      reason: 'transferred',
      enqueuedAt: before.enqueued_at.toISOString(),
    });
    expect(queued!.causationId).toBe(command.id);
    const offer = await nextOffer(interactionId, 2);
    // Carol serves the fallback queue only, and has more room than Bob: it is Sales' work now.
    expect(offer.data).toMatchObject({ workItemId, agentId: bob });
    expect(await itemOf(interactionId)).toMatchObject({
      id: workItemId,
      state: 'offered',
      queue_id: SALES,
      agent_id: bob,
      reserved_for: null,
      rejected_by: [alice],
      state_event_id: changed.id,
      enqueued_at: before.enqueued_at,
    });
    expect(await load(alice)).toBe(0);
  });

  it('W10: to a named agent, it is offered to them alone, even when another has more room and it is not their queue', async () => {
    const bob = newAgent();
    await available(bob);
    await heldBy(bob);
    const alice = newAgent();
    await available(alice);
    const { interactionId, workItemId } = await heldBy(alice);
    const carol = newAgent();
    await available(carol);
    // Bob holds one conversation (1 free), Carol none (2 free), and Bob serves no queue at all.
    await db().query(`DELETE FROM queue_member WHERE agent_id = $1`, [bob]);

    const { command } = transferOf(interactionId, { agentId: bob }, alice);
    await tap.publish(command);
    const offer = await nextOffer(interactionId, 2);
    expect(offer.data).toMatchObject({ workItemId, agentId: bob });
    expect(await itemOf(interactionId)).toMatchObject({
      state: 'offered',
      queue_id: DEFAULT_QUEUE_ID,
      agent_id: bob,
      reserved_for: bob,
      rejected_by: [alice],
    });
    expect(await load(alice)).toBe(0);
  });

  it('W10, W6: the named agent rejects it: it waits in its queue for anyone but them and the transferring agent', async () => {
    const alice = newAgent();
    await available(alice);
    const { interactionId, workItemId } = await heldBy(alice);
    const bob = newAgent();
    await available(bob);

    const { command } = transferOf(interactionId, { agentId: bob }, alice);
    await tap.publish(command);
    const offer = await nextOffer(interactionId, 2);
    expect(offer.data.agentId).toBe(bob);
    await service.runtime.ask(queries.rejectOffer, { workItemId, agentId: bob });

    // Alice and Bob are both available with room, but neither is offered it again.
    expect(await itemOf(interactionId)).toMatchObject({
      state: 'queued',
      agent_id: null,
      reserved_for: null,
      rejected_by: [alice, bob],
    });
    const carol = newAgent();
    await available(carol);
    expect((await nextOffer(interactionId, 3)).data.agentId).toBe(carol);
    expect(offersOf(interactionId).map((event) => event.data.agentId)).toEqual([alice, bob, carol]);
  });

  it('W10, W4: the transferring agent’s freed room takes waiting work of their own queues at once', async () => {
    const alice = newAgent();
    await available(alice);
    const first = await heldBy(alice);
    await heldBy(alice);
    await salesAgent();
    // Alice is full; this one waits in the fallback queue for her.
    const waiting = enqueue();
    await tap.publish(waiting);
    await handled(waiting.id);
    expect(offersOf(waiting.data.interactionId)).toEqual([]);

    await tap.publish(transferOf(first.interactionId, { queueId: SALES }, alice).command);
    expect((await nextOffer(waiting.data.interactionId, 1)).data.agentId).toBe(alice);
  });

  it('W10: a transfer older than the item’s last state change changes nothing, nor does one of an interaction with no open item', async () => {
    const alice = newAgent();
    await available(alice);
    const { interactionId } = await heldBy(alice);
    await salesAgent();
    // Made before the hold below, delivered after it.
    const stale = transferOf(interactionId, { queueId: SALES }, alice).command;
    const hold = createEnvelope(
      'interaction.conversation.state-changed.v1',
      { interactionId, from: 'work_in_progress', to: 'on_hold', assigneeId: alice },
      { correlationId: interactionId },
    );
    await tap.publish(hold);
    await handled(hold.id);
    const before = await itemOf(interactionId);
    expect(before).toMatchObject({ state: 'assigned', agent_id: alice, held: true, state_event_id: hold.id });

    await tap.publish(stale);
    await handled(stale.id);
    expect(await itemOf(interactionId)).toEqual(before);
    expect(
      tap
        .events('routing.workitem.queued.v1')
        .filter((event) => event.data.interactionId === interactionId && event.data.reason === 'transferred'),
    ).toEqual([]);

    const nothing = transferOf(uuidv7(), { agentId: alice }, 'someone').command;
    await tap.publish(nothing);
    await handled(nothing.id);
    const rows = await db().query<unknown[]>(`SELECT 1 FROM work_item WHERE interaction_id = $1`, [
      nothing.data.interactionId,
    ]);
    expect(rows).toEqual([]);
  });

  it('W10: to a queue routing does not have, it waits in its own queue instead', async () => {
    const alice = newAgent();
    await available(alice);
    const { interactionId } = await heldBy(alice);
    const bob = newAgent();
    await available(bob);
    await tap.publish(transferOf(interactionId, { queueId: uuidv7() }, alice).command);
    const offer = await nextOffer(interactionId, 2);
    expect(offer.data.agentId).toBe(bob);
    expect(await itemOf(interactionId)).toMatchObject({ queue_id: DEFAULT_QUEUE_ID, agent_id: bob });
  });
  describe('SPEC M5 "Reassign": a messaging action takes the conversation back to its queue', () => {
    /** Interaction's reassign: its state change to `new` (cause reassigned) and the requeue naming who held it. */
    function requeueOf(interactionId: string, heldBy: string) {
      const { changed, command } = transferOf(interactionId, { requeue: true }, heldBy);
      return { changed: { ...changed, data: { ...changed.data, cause: 'reassigned' as const } }, command };
    }

    it('waits in its queue again with its age, never offered back to who held it, and is offered to another member', async () => {
      const alice = newAgent();
      await available(alice);
      const { interactionId, workItemId } = await heldBy(alice);
      const before = await itemOf(interactionId);

      const { changed, command } = requeueOf(interactionId, alice);
      await tap.publish(changed);
      await handled(changed.id);
      await tap.publish(command);
      const [queued] = await tap.waitFor(
        'routing.workitem.queued.v1',
        (event) => event.data.interactionId === interactionId && event.data.reason === 'transferred',
      );
      expect(queued!.data).toMatchObject({
        workItemId,
        queueId: DEFAULT_QUEUE_ID,
        enqueuedAt: before.enqueued_at.toISOString(),
      });
      await handled(command.id);
      // Alice is available with room, and the only member: it waits, not for her.
      expect(await itemOf(interactionId)).toMatchObject({
        id: workItemId,
        state: 'queued',
        queue_id: DEFAULT_QUEUE_ID,
        agent_id: null,
        reserved_for: null,
        rejected_by: [alice],
        state_event_id: changed.id,
        enqueued_at: before.enqueued_at,
      });
      expect(offersOf(interactionId)).toHaveLength(1);
      expect(await load(alice)).toBe(0);

      const bob = newAgent();
      await available(bob);
      expect((await nextOffer(interactionId, 2)).data).toMatchObject({ workItemId, agentId: bob });
      expect(offersOf(interactionId).map((event) => event.data.agentId)).toEqual([alice, bob]);
    });

    it('its own queue is the one it was taken from (Sales), not the queue of new conversations', async () => {
      const alice = newAgent();
      await available(alice);
      const { interactionId, workItemId } = await heldBy(alice);
      const bob = await salesAgent();
      await tap.publish(transferOf(interactionId, { queueId: SALES }, alice).command);
      expect((await nextOffer(interactionId, 2)).data.agentId).toBe(bob);
      await service.runtime.ask(queries.acceptOffer, { workItemId, agentId: bob });
      // Alice and Carol serve the fallback queue only, with as much room as Dave, who serves Sales.
      await available(newAgent());
      const dave = await salesAgent();

      await tap.publish(requeueOf(interactionId, bob).command);
      expect((await nextOffer(interactionId, 3)).data).toMatchObject({ workItemId, agentId: dave });
      expect(await itemOf(interactionId)).toMatchObject({
        queue_id: SALES,
        agent_id: dave,
        rejected_by: [bob],
      });
      expect(await load(bob)).toBe(0);
    });
  });

  describe('SPEC M4: the work item of a conversation (routing.workitem.of-interaction.v1)', () => {
    const ask = (interactionId: string) =>
      service.runtime.ask(queries.workItemOfInteraction, { interactionId });

    it('answers the open item with its queue and holder, else the newest closed one, and null when there is none', async () => {
      expect(await ask(uuidv7())).toEqual({ workItem: null });

      const alice = newAgent();
      await available(alice);
      const { interactionId, workItemId } = await heldBy(alice);
      const [fallback] = await db().query<Array<{ name: string }>>(`SELECT name FROM queue WHERE id = $1`, [
        DEFAULT_QUEUE_ID,
      ]);
      expect(await ask(interactionId)).toEqual({
        workItem: {
          workItemId,
          queueId: DEFAULT_QUEUE_ID,
          queueName: fallback!.name,
          agentId: alice,
          open: true,
        },
      });

      const closed = stateChanged(interactionId, { from: 'work_in_progress', to: 'closed_complete' });
      await tap.publish(closed);
      await handled(closed.id);
      expect(await ask(interactionId)).toEqual({
        workItem: {
          workItemId,
          queueId: DEFAULT_QUEUE_ID,
          queueName: fallback!.name,
          agentId: null,
          open: false,
        },
      });

      // Routed again (a reopen, say): the open item first; offered to Alice, it is not hers yet.
      const reopened = enqueue(interactionId);
      await tap.publish(reopened);
      const offer = await nextOffer(interactionId, 2);
      expect(offer.data.workItemId).not.toBe(workItemId);
      expect(await ask(interactionId)).toEqual({
        workItem: {
          workItemId: offer.data.workItemId,
          queueId: DEFAULT_QUEUE_ID,
          queueName: fallback!.name,
          agentId: null,
          open: true,
        },
      });
      // Ended again: the newer of the two closed ones.
      const closedAgain = stateChanged(interactionId, { from: 'new', to: 'closed_abandoned' });
      await tap.publish(closedAgain);
      await handled(closedAgain.id);
      expect((await ask(interactionId)).workItem).toMatchObject({
        workItemId: offer.data.workItemId,
        open: false,
      });
    });
  });
});
