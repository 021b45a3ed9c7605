import { createEnvelope, queries } from '@threadline/contracts';
import type { RunningService } from '@threadline/platform';
import {
  bootService,
  createIsolatedEnvironment,
  eventually,
  type IsolatedEnvironment,
  MessageTap,
} from '@threadline/testkit';
import { v7 as uuidv7 } from 'uuid';
import { routingService } from '../src/routing.service';
import { enqueue } from './support';

describe('routing: one queue, capacity, offer then accept', () => {
  let environment: IsolatedEnvironment;
  let service: RunningService;
  let tap: MessageTap;
  let agentCounter = 0;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    service = await bootService(routingService, environment, { ROUTING_DEFAULT_CAPACITY: '2' });
    tap = (await MessageTap.open(environment.servers.natsUrl, environment.namespace)).watch(
      'routing.offer.created.v1',
      'routing.workitem.assigned.v1',
    );
  });

  afterAll(async () => {
    await tap?.close();
    await service?.stop();
    await environment?.dispose();
  });

  beforeEach(async () => {
    // Each test starts with nobody available and nothing waiting.
    await service.runtime.dataSource.query(`UPDATE agent SET presence = 'offline'`);
    await service.runtime.dataSource.query(
      `UPDATE work_item SET state = 'closed', agent_id = NULL, closed_at = now()`,
    );
  });

  const newAgent = () => `agent-${++agentCounter}`;
  const available = (agentId: string) =>
    service.runtime.ask(queries.setAgentPresence, { agentId, presence: 'available' });

  async function offerFor(interactionId: string) {
    const [offer] = await tap.waitFor(
      'routing.offer.created.v1',
      (event) => event.data.interactionId === interactionId,
    );
    return offer!;
  }

  it('W1: an agent seen for the first time gets the channel default capacity', async () => {
    const agentId = newAgent();
    await expect(available(agentId)).resolves.toEqual({
      agentId,
      presence: 'available',
      capacity: 2,
      load: 0,
    });
  });

  it('W6: a new work item is offered to the available agent, who accepts it', async () => {
    const alice = newAgent();
    await available(alice);
    const command = enqueue();
    await tap.publish(command);
    const offer = await offerFor(command.data.interactionId);
    expect(offer.data.agentId).toBe(alice);
    expect(offer.correlationId).toBe(command.data.interactionId);
    expect(new Date(offer.data.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const accepted = await service.runtime.ask(queries.acceptOffer, {
      workItemId: offer.data.workItemId,
      agentId: alice,
    });
    const [assigned] = await tap.waitFor(
      'routing.workitem.assigned.v1',
      (event) => event.data.workItemId === offer.data.workItemId,
    );
    expect(assigned!.data.agentId).toBe(alice);
    // The answer names the event it committed, so the caller can show it before it is delivered.
    expect(accepted).toEqual({
      workItemId: offer.data.workItemId,
      interactionId: command.data.interactionId,
      agentId: alice,
      assignedEvent: { eventId: assigned!.id, occurredAt: assigned!.occurredAt },
    });
  });

  it('W6: accepting twice is OFFER_ALREADY_ACCEPTED (409), and assigns once', async () => {
    const alice = newAgent();
    await available(alice);
    const command = enqueue();
    await tap.publish(command);
    const offer = await offerFor(command.data.interactionId);
    const request = { workItemId: offer.data.workItemId, agentId: alice };
    await service.runtime.ask(queries.acceptOffer, request);
    await expect(service.runtime.ask(queries.acceptOffer, request)).rejects.toMatchObject({
      code: 'OFFER_ALREADY_ACCEPTED',
      status: 409,
    });
    await tap.waitFor(
      'routing.workitem.assigned.v1',
      (event) => event.data.workItemId === offer.data.workItemId,
    );
    const rows = await service.runtime.dataSource.query<unknown[]>(
      `SELECT 1 FROM outbox WHERE subject = 'routing.workitem.assigned.v1' AND payload->'data'->>'workItemId' = $1`,
      [offer.data.workItemId],
    );
    expect(rows).toHaveLength(1);
  });

  it("W6: accepting someone else's offer is OFFER_NOT_YOURS (409)", async () => {
    const alice = newAgent();
    await available(alice);
    const command = enqueue();
    await tap.publish(command);
    const offer = await offerFor(command.data.interactionId);
    await expect(
      service.runtime.ask(queries.acceptOffer, {
        workItemId: offer.data.workItemId,
        agentId: 'agent-mallory',
      }),
    ).rejects.toMatchObject({ code: 'OFFER_NOT_YOURS', status: 409 });
  });

  it('an unknown work item is OFFER_NOT_FOUND (404)', async () => {
    await expect(
      service.runtime.ask(queries.acceptOffer, { workItemId: uuidv7(), agentId: 'agent-x' }),
    ).rejects.toMatchObject({ code: 'OFFER_NOT_FOUND', status: 404 });
  });

  it('W4: nobody available: the item waits, and is offered when an agent becomes available', async () => {
    const command = enqueue();
    await tap.publish(command);
    await eventually(async () => {
      const [item] = await service.runtime.dataSource.query<Array<{ state: string }>>(
        `SELECT state FROM work_item WHERE interaction_id = $1`,
        [command.data.interactionId],
      );
      expect(item).toEqual({ state: 'queued' });
    });
    const bob = newAgent();
    const presence = await available(bob);
    expect(presence.load).toBe(1);
    expect((await offerFor(command.data.interactionId)).data.agentId).toBe(bob);
  });

  it('W4/W5: an agent at capacity gets no more offers; the next goes to the agent with most free capacity', async () => {
    const alice = newAgent();
    await available(alice);
    const first = [enqueue(), enqueue()];
    for (const command of first) await tap.publish(command);
    for (const command of first)
      expect((await offerFor(command.data.interactionId)).data.agentId).toBe(alice);

    const third = enqueue();
    await tap.publish(third);
    const bob = newAgent();
    await available(bob);
    expect((await offerFor(third.data.interactionId)).data.agentId).toBe(bob);
  });

  it('an enqueue delivered twice opens one work item', async () => {
    const command = enqueue();
    const again = createEnvelope('routing.workitem.enqueue.v1', command.data);
    await tap.publish(command);
    await tap.publish(again);
    await eventually(async () => {
      const handled = await service.runtime.dataSource.query<unknown[]>(
        `SELECT 1 FROM inbox WHERE event_id = ANY($1::uuid[])`,
        [[command.id, again.id]],
      );
      expect(handled).toHaveLength(2);
      const [count] = await service.runtime.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM work_item WHERE interaction_id = $1`,
        [command.data.interactionId],
      );
      expect(count).toEqual({ n: 1 });
    });
  });

  it('no over-assignment: 40 items arriving together with 3 agents of capacity 2 make exactly 6 offers', async () => {
    const agents = [newAgent(), newAgent(), newAgent()];
    for (const agentId of agents) await available(agentId);
    const commands = Array.from({ length: 40 }, () => enqueue());
    await Promise.all(commands.map((command) => tap.publish(command)));
    const ids = new Set(commands.map((command) => command.data.interactionId));
    await eventually(async () => {
      const [handled] = await service.runtime.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM work_item WHERE interaction_id = ANY($1::uuid[])`,
        [[...ids]],
      );
      expect(handled!.n).toBe(40);
    });
    const load = await service.runtime.dataSource.query<Array<{ agent_id: string; n: number }>>(
      `SELECT agent_id, count(*)::int AS n FROM work_item
        WHERE interaction_id = ANY($1::uuid[]) AND state = 'offered' GROUP BY agent_id ORDER BY agent_id`,
      [[...ids]],
    );
    expect(load).toEqual(agents.sort().map((agent_id) => ({ agent_id, n: 2 })));
    const offers = await tap.waitFor(
      'routing.offer.created.v1',
      (event) => ids.has(event.data.interactionId),
      6,
    );
    expect(offers).toHaveLength(6);
  });
});
