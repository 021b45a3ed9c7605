import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Company numbers, inbound and outbound messages and the provider's status reports
 * (docs/first-conversation.md, "Data each service owns"). Unqualified names resolve to the
 * service's own schema through the connection's search_path.
 */
export class SmsGatewayTables1764201600000 implements MigrationInterface {
  readonly name = 'SmsGatewayTables1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE company_number (
        address text NOT NULL,
        provider text NOT NULL,
        label text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT company_number_pk PRIMARY KEY (address),
        CONSTRAINT company_number_address_e164_ck CHECK (address ~ '^\\+[1-9][0-9]{6,14}$')
      )`);

    await queryRunner.query(`
      CREATE TABLE inbound_message (
        id uuid NOT NULL,
        sequence bigint GENERATED ALWAYS AS IDENTITY,
        provider text NOT NULL,
        provider_message_id text NOT NULL,
        from_address text NOT NULL,
        to_address text NOT NULL,
        body text NOT NULL,
        media jsonb NOT NULL DEFAULT '[]'::jsonb,
        received_at timestamptz NOT NULL,
        CONSTRAINT inbound_message_pk PRIMARY KEY (id),
        CONSTRAINT inbound_message_sequence_uq UNIQUE (sequence),
        -- A provider delivers a message again when our answer was lost: stored once.
        CONSTRAINT inbound_message_provider_message_uq UNIQUE (provider, provider_message_id)
      )`);
    // A phone pair's messages in acceptance order: what a transcript is sorted by.
    await queryRunner.query(
      `CREATE INDEX inbound_message_pair_sequence_idx ON inbound_message (from_address, to_address, sequence)`,
    );

    await queryRunner.query(`
      CREATE TABLE outbound_message (
        id uuid NOT NULL,
        provider text NOT NULL,
        provider_message_id text,
        from_address text NOT NULL,
        to_address text NOT NULL,
        body text NOT NULL,
        interaction_id uuid,
        status text NOT NULL,
        error_code text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT outbound_message_pk PRIMARY KEY (id),
        CONSTRAINT outbound_message_provider_message_uq UNIQUE (provider, provider_message_id),
        CONSTRAINT outbound_message_status_ck
          CHECK (status IN ('queued', 'sent', 'delivered', 'undelivered', 'failed'))
      )`);

    await queryRunner.query(`
      CREATE TABLE status_callback (
        id bigint GENERATED ALWAYS AS IDENTITY,
        provider text NOT NULL,
        provider_message_id text NOT NULL,
        provider_status text NOT NULL,
        error_code text,
        outbound_id uuid NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT status_callback_pk PRIMARY KEY (id),
        -- Providers repeat callbacks; each status of a message is recorded once.
        CONSTRAINT status_callback_message_status_uq UNIQUE (provider, provider_message_id, provider_status),
        CONSTRAINT status_callback_outbound_fk FOREIGN KEY (outbound_id) REFERENCES outbound_message (id)
      )`);
    await queryRunner.query(`CREATE INDEX status_callback_outbound_idx ON status_callback (outbound_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX status_callback_outbound_idx`);
    await queryRunner.query(`DROP TABLE status_callback`);
    await queryRunner.query(`DROP TABLE outbound_message`);
    await queryRunner.query(`DROP INDEX inbound_message_pair_sequence_idx`);
    await queryRunner.query(`DROP TABLE inbound_message`);
    await queryRunner.query(`DROP TABLE company_number`);
  }
}
