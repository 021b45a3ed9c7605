import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound messages refused for their content, kept for operators (GET /ops/inbound/rejected).
 *
 * A table of their own rather than a status column on inbound_message: every inbound_message
 * row is accepted and announced, so its unique (provider, provider_message_id) means "a
 * redelivery, answer 200 and do nothing", its sequence orders transcripts and its addresses
 * are E.164. A rejected row in there would break all three: a message refused because its To
 * was not yet an active company number, delivered again once it is, would be taken for a
 * duplicate and dropped; refusals would take sequence numbers; and From and To would have to
 * admit absent or unparsable values, with every reader filtering on a status. Here the accepted
 * path stays as it was, and the same MessageSid may be rejected first and accepted later.
 */
export class RejectedInboundMessages1795564800000 implements MigrationInterface {
  readonly name = 'RejectedInboundMessages1795564800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rejected_inbound_message (
        id bigint GENERATED ALWAYS AS IDENTITY,
        provider text NOT NULL,
        provider_message_id text NOT NULL,
        -- From and To as the provider sent them (absent ones are null): they may be what failed.
        from_as_sent text,
        to_as_sent text,
        body text,
        body_truncated boolean NOT NULL,
        media jsonb NOT NULL DEFAULT '[]'::jsonb,
        code text NOT NULL,
        reason text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rejected_inbound_message_pk PRIMARY KEY (id),
        -- A retry of a refused message is refused the same way and kept once.
        CONSTRAINT rejected_inbound_message_provider_message_uq UNIQUE (provider, provider_message_id),
        CONSTRAINT rejected_inbound_message_code_ck CHECK (
          code IN ('WEBHOOK_FIELD_MISSING', 'PHONE_NUMBER_INVALID', 'SMS_BODY_TOO_LARGE', 'UNKNOWN_COMPANY_NUMBER')
        )
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rejected_inbound_message`);
  }
}
