// One replica of the timer scheduler, for timer.bench.ts (forked twice, never run by hand): a
// TimerScheduler with the system clock on a DataSource of its own over the bench's timer store,
// whose firing inserts (timer id, replica, deadline) into the bench's fire log, in the claiming
// transaction, as the real service writes its outbox row.
//
//   env  BENCH_DATABASE_URL, BENCH_REPLICA (its name), BENCH_FIRE_TABLE (the fire log)
//   IPC  → {type:'ready'} once started; ← {type:'armed', dueAt} wakes it by that deadline
//        (as the replica that armed would be woken); ← {type:'stop'} → {type:'stopped', fired}
import { createDataSource } from '@threadline/platform';
import { SystemClock } from '@threadline/timer/dist/app/clock';
import { type FireTimer, TimerScheduler } from '@threadline/timer/dist/app/timer-scheduler';
import { timerService } from '@threadline/timer/dist/timer.service';
import pino from 'pino';

export type ToReplica = { type: 'armed'; dueAt: number } | { type: 'stop' };
export type FromReplica =
  { type: 'ready' } | { type: 'stopped'; fired: number } | { type: 'error'; message: string };

function send(message: FromReplica): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, undefined, () => resolve());
  });
}

async function main(): Promise<void> {
  const replica = process.env.BENCH_REPLICA ?? 'replica';
  const table = process.env.BENCH_FIRE_TABLE ?? 'bench_fire';
  const dataSource = createDataSource({
    url: process.env.BENCH_DATABASE_URL ?? '',
    schema: timerService.schema,
    poolSize: 4,
    applicationName: `bench-timer-${replica}`,
    migrations: [],
  });
  await dataSource.initialize();
  let fired = 0;
  const fire: FireTimer = {
    write: async (batch, manager) => {
      await manager.query(
        `INSERT INTO ${table} (timer_id, replica, due_at)
         SELECT id, $3, due FROM unnest($1::uuid[], $2::timestamptz[]) AS t(id, due)`,
        [batch.map(({ timer }) => timer.id), batch.map(({ timer }) => timer.dueAt), replica],
      );
      fired += batch.length;
    },
  };
  const logger = pino({ level: 'error' }, pino.destination(2));
  const scheduler = new TimerScheduler(dataSource, fire, new SystemClock(), { logger });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await scheduler.stop();
    await dataSource.destroy();
    await send({ type: 'stopped', fired });
    process.disconnect?.();
  };
  process.on('message', (message: ToReplica) => {
    if (message.type === 'armed') scheduler.notifyArmed(new Date(message.dueAt));
    else void shutdown();
  });
  // The bench went away: nothing to report to.
  process.once('disconnect', () => void shutdown().finally(() => process.exit(0)));
  scheduler.start();
  await scheduler.idle();
  await send({ type: 'ready' });
}

main().catch(async (error: unknown) => {
  await send({
    type: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
});
