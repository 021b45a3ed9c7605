import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC S4: every outbound message records the encoding and segment count it was sent with
 * (countSegments from @threadline/contracts). Messages sent before this migration keep NULL:
 * they are not recounted, since the count is what we sent, not what we would send now.
 */
export class OutboundMessageSegments1796688000000 implements MigrationInterface {
  readonly name = 'OutboundMessageSegments1796688000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE outbound_message
        ADD COLUMN encoding text CONSTRAINT outbound_message_encoding_ck CHECK (encoding IN ('GSM-7', 'UCS-2')),
        ADD COLUMN segments integer CONSTRAINT outbound_message_segments_ck CHECK (segments >= 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbound_message DROP COLUMN encoding, DROP COLUMN segments`);
  }
}
