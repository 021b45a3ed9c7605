// Shared by timer's integration suites.
import { createDataSource, migrate } from '@threadline/platform';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { timerIdFor } from '../src/domain/arming';
import type { NewTimer } from '../src/infra/timer.repository';
import { timerService } from '../src/timer.service';

/** A migrated DataSource over the timer schema of the environment's database. */
export async function timerDataSource(databaseUrl: string, name: string): Promise<DataSource> {
  const dataSource = createDataSource({
    url: databaseUrl,
    schema: timerService.schema,
    poolSize: 4,
    applicationName: `timer-${name}`,
    migrations: timerService.migrations,
  });
  await dataSource.initialize();
  await migrate(dataSource, timerService.schema, pino({ level: 'silent' }));
  return dataSource;
}

/** A timer of a new interaction and action (unless given), armed by a new message, due at `dueAt`. */
export function newTimer(dueAt: Date, extras: Partial<Omit<NewTimer, 'id'>> = {}): NewTimer {
  const interactionId = extras.interactionId ?? uuidv7();
  const actionId = extras.actionId ?? uuidv7();
  const armedByMessageId = extras.armedByMessageId ?? uuidv7();
  return {
    id: timerIdFor(interactionId, actionId, armedByMessageId),
    interactionId,
    actionId,
    armedByMessageId,
    dueAt,
  };
}
