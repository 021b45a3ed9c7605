import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC I4: closed conversations stay searchable, by the words of their transcript and by who and
 * when. Full-text search over message bodies uses an expression GIN index rather than a stored
 * tsvector column: the words are derived from the body alone, the index is all the search needs,
 * and message_view's rows (read whole for every transcript) do not grow. Queries must repeat the
 * indexed expression exactly: to_tsvector('simple', coalesce(body, '')). The 'simple' text search
 * configuration lower-cases words and does not stem them: transcripts mix languages, and a search
 * finds the words typed, never a part of a word.
 */
export class TranscriptSearch1765324800001 implements MigrationInterface {
  readonly name = 'TranscriptSearch1765324800001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX message_view_body_search_idx ON message_view
        USING gin (to_tsvector('simple', coalesce(body, '')))`,
    );
    // Newest first, and the same for one phone pair (a conversation's history) or one user.
    await runner.query(
      `CREATE INDEX conversation_view_created_idx ON conversation_view (created_at DESC, interaction_id DESC)`,
    );
    await runner.query(
      `CREATE INDEX conversation_view_phone_pair_idx ON conversation_view
        (requester_address, company_address, created_at DESC, interaction_id DESC)`,
    );
    await runner.query(
      `CREATE INDEX conversation_view_requester_user_idx ON conversation_view
        (requester_user_id, created_at DESC, interaction_id DESC)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX conversation_view_requester_user_idx`);
    await runner.query(`DROP INDEX conversation_view_phone_pair_idx`);
    await runner.query(`DROP INDEX conversation_view_created_idx`);
    await runner.query(`DROP INDEX message_view_body_search_idx`);
  }
}
