import type { JetStreamClient } from '@nats-io/jetstream';
import type { Namespace } from '@threadline/platform';
import type { DataSource } from 'typeorm';
import { rate, runPool } from './stats';

/**
 * The machine's ceilings, measured in the same run as what they are compared with: the rate
 * of single-row Postgres transactions, and of acknowledged JetStream publishes with a message
 * id (what the outbox relay does).
 */
export async function rawPostgresCommitRate(
  dataSource: DataSource,
  table: string,
  count: number,
  concurrency: number,
  onProgress?: (done: number) => void,
): Promise<number> {
  await dataSource.query(
    `CREATE TABLE IF NOT EXISTS ${table} (id bigserial PRIMARY KEY, body text NOT NULL)`,
  );
  const started = Date.now();
  await runPool(
    count,
    concurrency,
    async (index) => {
      await dataSource.transaction((manager) =>
        manager.query(`INSERT INTO ${table} (body) VALUES ($1)`, [`row ${index}`]),
      );
    },
    onProgress,
  );
  return rate(count, Date.now() - started);
}

export async function rawJetStreamPublishRate(
  js: JetStreamClient,
  ns: Namespace,
  count: number,
  onProgress?: (done: number) => void,
): Promise<number> {
  // Under the SMS stream's subjects, so it needs no stream of its own.
  const subject = ns.subject('sms.bench.raw.v1');
  const started = Date.now();
  await runPool(
    count,
    256,
    async (index) => {
      await js.publish(subject, `raw ${index}`, { msgID: `raw-${index}-${started}` });
    },
    onProgress,
  );
  return rate(count, Date.now() - started);
}
