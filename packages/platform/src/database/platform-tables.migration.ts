import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from './sql';

/**
 * The tables every service's schema carries for reliable messaging: the transactional
 * outbox, the consumer inbox (idempotency) and the dead-letter list. Built per schema
 * because each service owns its own.
 */
export function platformTablesMigration(schema: string): new () => MigrationInterface {
  const s = quoteIdent(schema);
  return class PlatformTables1764028800000 implements MigrationInterface {
    readonly name = 'PlatformTables1764028800000';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`
        CREATE TABLE ${s}.outbox (
          seq bigserial NOT NULL,
          id uuid NOT NULL,
          subject text NOT NULL,
          payload jsonb NOT NULL,
          headers jsonb NOT NULL DEFAULT '{}'::jsonb,
          created_at timestamptz NOT NULL DEFAULT now(),
          attempts integer NOT NULL DEFAULT 0,
          next_attempt_at timestamptz NOT NULL DEFAULT now(),
          last_error text,
          published_at timestamptz,
          CONSTRAINT outbox_pk PRIMARY KEY (seq),
          CONSTRAINT outbox_id_uq UNIQUE (id)
        )`);
      // The relay only ever looks at unpublished rows; keep that scan small.
      await queryRunner.query(
        `CREATE INDEX outbox_pending_idx ON ${s}.outbox (next_attempt_at, seq) WHERE published_at IS NULL`,
      );
      await queryRunner.query(
        `CREATE INDEX outbox_published_at_idx ON ${s}.outbox (published_at) WHERE published_at IS NOT NULL`,
      );
      await queryRunner.query(`
        CREATE TABLE ${s}.inbox (
          consumer text NOT NULL,
          event_id uuid NOT NULL,
          handled_at timestamptz NOT NULL DEFAULT now(),
          CONSTRAINT inbox_pk PRIMARY KEY (consumer, event_id)
        )`);
      await queryRunner.query(`CREATE INDEX inbox_handled_at_idx ON ${s}.inbox (handled_at)`);
      await queryRunner.query(`
        CREATE TABLE ${s}.dead_letter (
          id bigserial NOT NULL,
          consumer text NOT NULL,
          subject text NOT NULL,
          event_id text,
          reason text NOT NULL,
          error_code text NOT NULL,
          payload text NOT NULL,
          headers jsonb NOT NULL DEFAULT '{}'::jsonb,
          delivery_count integer NOT NULL,
          stream_sequence bigint,
          created_at timestamptz NOT NULL DEFAULT now(),
          replayed_at timestamptz,
          CONSTRAINT dead_letter_pk PRIMARY KEY (id)
        )`);
      await queryRunner.query(`CREATE INDEX dead_letter_created_at_idx ON ${s}.dead_letter (created_at)`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${s}.dead_letter`);
      await queryRunner.query(`DROP TABLE ${s}.inbox`);
      await queryRunner.query(`DROP TABLE ${s}.outbox`);
    }
  };
}
