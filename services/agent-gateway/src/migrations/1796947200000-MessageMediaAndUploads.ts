import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC S5: a transcript line's media (stored with our key, or refused with a reason), and the
 * images agents uploaded to send, so a send can use only its own agent's uploads.
 */
export class MessageMediaAndUploads1796947200000 implements MigrationInterface {
  readonly name = 'MessageMediaAndUploads1796947200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE message_view ADD COLUMN media jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await runner.query(`
      CREATE TABLE media_upload (
        media_id text PRIMARY KEY,
        agent_id text NOT NULL,
        storage_key text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL CHECK (size >= 0),
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE media_upload`);
    await runner.query(`ALTER TABLE message_view DROP COLUMN media`);
  }
}
