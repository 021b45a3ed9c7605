// The timer store against the real Postgres: arming, disarming, claiming what is due.
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { planForMessage, timerIdFor } from '../src/domain/arming';
import { ConversationWatchRepository } from '../src/infra/conversation-watch.repository';
import { TimerRepository } from '../src/infra/timer.repository';
import { newTimer, timerDataSource } from './support';

describe('timer: the store', () => {
  let environment: IsolatedEnvironment;
  let db: DataSource;
  let store: TimerRepository;
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    db = await timerDataSource(environment.databaseUrl, 'store-int');
    store = new TimerRepository(db.manager);
  });

  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await environment?.dispose();
  });

  beforeEach(async () => {
    await db.query(`DELETE FROM timer`);
  });

  it('arming is idempotent: the same timer again, even after it fired, arms nothing', async () => {
    const timer = newTimer(at('2026-12-01T10:01:00Z'));
    expect((await store.arm([timer])).map((armed) => armed.id)).toEqual([timer.id]);
    expect(await store.arm([timer, timer])).toEqual([]);
    await store.claimDue(at('2026-12-01T10:01:00Z'), 10);
    expect(await store.arm([timer])).toEqual([]);
    expect(await store.find(timer.id)).toMatchObject({ state: 'fired', firedAt: at('2026-12-01T10:01:00Z') });
  });

  it('M3: a second message of the same side keeps the first deadline', async () => {
    const interactionId = uuidv7();
    const actionId = uuidv7();
    const actions = [
      { actionId, event: 'requester_message_without_agent_response' as const, durationMs: 60_000 },
    ];
    const armBy = async (occurredAt: Date) => {
      const messageId = uuidv7();
      const plan = planForMessage('requester', await store.armedOf(interactionId), actions, {
        messageId,
        occurredAt,
      });
      await store.disarm(plan.disarm);
      return store.arm(
        plan.arm.map((timer) => ({
          ...timer,
          interactionId,
          id: timerIdFor(interactionId, actionId, messageId),
        })),
      );
    };
    expect(await armBy(at('2026-12-01T10:00:00Z'))).toHaveLength(1);
    expect(await armBy(at('2026-12-01T10:00:30Z'))).toEqual([]);
    expect((await store.armedOf(interactionId)).map((timer) => timer.dueAt)).toEqual([
      at('2026-12-01T10:01:00Z'),
    ]);
    // The store holds the rule too: a second armed timer of the same action is refused.
    const sneaky = newTimer(at('2026-12-01T10:05:00Z'), { interactionId, actionId });
    expect(await store.arm([sneaky])).toEqual([]);
    expect(await store.armedOf(interactionId)).toHaveLength(1);
  });

  it('disarm: only the armed ones, and a disarmed timer never fires', async () => {
    const one = newTimer(at('2026-12-01T10:01:00Z'));
    const other = newTimer(at('2026-12-01T10:01:00Z'));
    await store.arm([one, other]);
    expect(await store.disarm([one.id, uuidv7()], at('2026-12-01T10:00:10Z'))).toEqual([one.id]);
    expect(await store.disarm([one.id])).toEqual([]);
    expect(await store.find(one.id)).toMatchObject({
      state: 'disarmed',
      disarmedAt: at('2026-12-01T10:00:10Z'),
      firedAt: null,
    });
    expect((await store.claimDue(at('2026-12-01T11:00:00Z'), 10)).map((timer) => timer.id)).toEqual([
      other.id,
    ]);
    expect(await store.disarm([other.id])).toEqual([]);
  });

  it('M6: closing disarms all the timers of the interaction, and only them', async () => {
    const interactionId = uuidv7();
    const mine = [
      newTimer(at('2026-12-01T10:01:00Z'), { interactionId }),
      newTimer(at('2026-12-01T10:02:00Z'), { interactionId }),
    ];
    const elsewhere = newTimer(at('2026-12-01T10:01:00Z'));
    await store.arm([...mine, elsewhere]);
    expect((await store.disarmAllOf(interactionId)).sort()).toEqual(mine.map((timer) => timer.id).sort());
    expect(await store.armedOf(interactionId)).toEqual([]);
    await store.arm([newTimer(at('2026-12-01T10:03:00Z'), { interactionId })]);
    expect(await store.disarmAllOf(interactionId)).toHaveLength(1);
    expect(await store.armedOf(interactionId)).toEqual([]);
    expect(await store.armedOf(elsewhere.interactionId)).toHaveLength(1);
  });

  it('due timers are claimed once, soonest first, up to the limit; nextDueAt follows the armed ones', async () => {
    expect(await store.nextDueAt()).toBeNull();
    const timers = [
      newTimer(at('2026-12-01T10:03:00Z')),
      newTimer(at('2026-12-01T10:01:00Z')),
      newTimer(at('2026-12-01T10:02:00Z')),
      newTimer(at('2026-12-01T11:00:00Z')),
    ];
    await store.arm(timers);
    expect(await store.nextDueAt()).toEqual(at('2026-12-01T10:01:00Z'));
    const first = await store.claimDue(at('2026-12-01T10:05:00Z'), 2);
    expect(first.map((timer) => timer.dueAt)).toEqual([
      at('2026-12-01T10:01:00Z'),
      at('2026-12-01T10:02:00Z'),
    ]);
    expect(first.every((timer) => timer.state === 'fired')).toBe(true);
    expect((await store.claimDue(at('2026-12-01T10:05:00Z'), 2)).map((timer) => timer.id)).toEqual([
      timers[0]!.id,
    ]);
    expect(await store.claimDue(at('2026-12-01T10:05:00Z'), 2)).toEqual([]);
    expect(await store.nextDueAt()).toEqual(at('2026-12-01T11:00:00Z'));
    // After firing, the action may be armed again for the interaction.
    const again = newTimer(at('2026-12-01T12:00:00Z'), {
      interactionId: first[0]!.interactionId,
      actionId: first[0]!.actionId,
    });
    expect(await store.arm([again])).toHaveLength(1);
  });

  it('a claim rolled back leaves the timer armed', async () => {
    const timer = newTimer(at('2026-12-01T10:01:00Z'));
    await store.arm([timer]);
    await expect(
      db.transaction(async (manager) => {
        expect(await new TimerRepository(manager).claimDue(at('2026-12-01T10:01:00Z'), 10)).toHaveLength(1);
        throw new Error('the fire event could not be written');
      }),
    ).rejects.toThrow('the fire event could not be written');
    expect(await store.find(timer.id)).toMatchObject({ state: 'armed', firedAt: null });
  });

  it("the conversation watch keeps each side's latest message and the latest close, whatever the order", async () => {
    const interactionId = uuidv7();
    await db.transaction(async (manager) => {
      const watches = new ConversationWatchRepository(manager);
      expect(await watches.recordMessage(interactionId, 'requester', at('2026-12-01T10:05:00Z'))).toEqual({
        lastRequesterAt: at('2026-12-01T10:05:00Z'),
        lastAgentAt: null,
        closedAt: null,
      });
      // An older requester message arriving late leaves the latest in place.
      expect(
        (await watches.recordMessage(interactionId, 'requester', at('2026-12-01T10:01:00Z'))).lastRequesterAt,
      ).toEqual(at('2026-12-01T10:05:00Z'));
      await watches.recordMessage(interactionId, 'agent', at('2026-12-01T10:06:00Z'));
      await watches.recordClose(interactionId, at('2026-12-01T11:00:00Z'));
      expect(await watches.recordClose(interactionId, at('2026-12-01T10:30:00Z'))).toEqual({
        lastRequesterAt: at('2026-12-01T10:05:00Z'),
        lastAgentAt: at('2026-12-01T10:06:00Z'),
        closedAt: at('2026-12-01T11:00:00Z'),
      });
    });
  });
});
