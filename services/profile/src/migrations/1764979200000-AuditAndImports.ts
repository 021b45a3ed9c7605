import type { MigrationInterface, QueryRunner } from 'typeorm';

/** P5 audit and verification, directory imports, and the indexes lookups and search need. */
export class AuditAndImports1764979200000 implements MigrationInterface {
  readonly name = 'AuditAndImports1764979200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Which import row last wrote a user: a second row of the same import with the same
    // external id is a duplicate in the file, while the same row sent again is a retry.
    await queryRunner.query(`
      ALTER TABLE directory_user
        ADD COLUMN last_import_id uuid,
        ADD COLUMN last_import_row integer`);
    await queryRunner.query(`ALTER TABLE directory_user_phone ADD CONSTRAINT directory_user_phone_kind_ck
      CHECK (kind IN ('mobile', 'other'))`);
    await queryRunner.query(
      `CREATE INDEX directory_user_name_search_idx ON directory_user (lower(name) text_pattern_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX directory_user_email_search_idx ON directory_user (lower(email) text_pattern_ops)`,
    );
    await queryRunner.query(`
      ALTER TABLE messaging_profile
        ADD COLUMN verified_at timestamptz,
        ADD COLUMN verified_by text,
        ADD COLUMN deactivated_at timestamptz`);
    await queryRunner.query(`
      CREATE TABLE profile_audit (
        id uuid NOT NULL,
        profile_id uuid NOT NULL,
        action text NOT NULL,
        from_user_id uuid,
        to_user_id uuid,
        actor_kind text NOT NULL,
        actor_id text,
        actor_role text,
        reason text NOT NULL,
        undoes_audit_id uuid,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT profile_audit_pk PRIMARY KEY (id),
        CONSTRAINT profile_audit_profile_fk FOREIGN KEY (profile_id) REFERENCES messaging_profile (id),
        CONSTRAINT profile_audit_undoes_fk FOREIGN KEY (undoes_audit_id) REFERENCES profile_audit (id),
        -- A change is undone at most once, even when two agents undo it at the same moment.
        CONSTRAINT profile_audit_undone_once_uq UNIQUE (undoes_audit_id),
        CONSTRAINT profile_audit_action_ck CHECK (action IN ('created', 'reassociated', 'deactivated')),
        CONSTRAINT profile_audit_actor_ck CHECK (actor_kind IN ('agent', 'system'))
      )`);
    await queryRunner.query(
      `CREATE INDEX profile_audit_profile_idx ON profile_audit (profile_id, occurred_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE directory_import (
        id uuid NOT NULL,
        format text NOT NULL,
        file_name text,
        requested_by text NOT NULL,
        total_rows integer NOT NULL,
        processed_rows integer NOT NULL DEFAULT 0,
        accepted_rows integer NOT NULL DEFAULT 0,
        rejected_rows integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT directory_import_pk PRIMARY KEY (id),
        CONSTRAINT directory_import_format_ck CHECK (format IN ('csv', 'json'))
      )`);
    await queryRunner.query(`
      CREATE TABLE directory_import_chunk (
        import_id uuid NOT NULL,
        chunk_index integer NOT NULL,
        row_count integer NOT NULL,
        accepted_rows integer NOT NULL,
        rejected_rows integer NOT NULL,
        first_row integer,
        last_row integer,
        CONSTRAINT directory_import_chunk_pk PRIMARY KEY (import_id, chunk_index),
        CONSTRAINT directory_import_chunk_import_fk FOREIGN KEY (import_id) REFERENCES directory_import (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE directory_import_rejection (
        import_id uuid NOT NULL,
        row_number integer NOT NULL,
        field text NOT NULL,
        reason text NOT NULL,
        CONSTRAINT directory_import_rejection_pk PRIMARY KEY (import_id, row_number, field),
        CONSTRAINT directory_import_rejection_import_fk FOREIGN KEY (import_id) REFERENCES directory_import (id) ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE directory_import_rejection`);
    await queryRunner.query(`DROP TABLE directory_import_chunk`);
    await queryRunner.query(`DROP TABLE directory_import`);
    await queryRunner.query(`DROP TABLE profile_audit`);
    await queryRunner.query(`
      ALTER TABLE messaging_profile DROP COLUMN verified_at, DROP COLUMN verified_by, DROP COLUMN deactivated_at`);
    await queryRunner.query(`DROP INDEX directory_user_email_search_idx`);
    await queryRunner.query(`DROP INDEX directory_user_name_search_idx`);
    await queryRunner.query(`ALTER TABLE directory_user_phone DROP CONSTRAINT directory_user_phone_kind_ck`);
    await queryRunner.query(
      `ALTER TABLE directory_user DROP COLUMN last_import_id, DROP COLUMN last_import_row`,
    );
  }
}
