import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GUEST_USER_ID } from '../domain/guest-user';

export class DirectoryAndProfiles1764115200000 implements MigrationInterface {
  readonly name = 'DirectoryAndProfiles1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory_user (
        id uuid NOT NULL,
        external_id text,
        name text NOT NULL,
        email text,
        active boolean NOT NULL DEFAULT true,
        is_guest boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT directory_user_pk PRIMARY KEY (id),
        CONSTRAINT directory_user_external_id_uq UNIQUE (external_id)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX directory_user_one_guest_uq ON directory_user (is_guest) WHERE is_guest`,
    );
    await queryRunner.query(`
      CREATE TABLE directory_user_phone (
        user_id uuid NOT NULL,
        address text NOT NULL,
        kind text NOT NULL DEFAULT 'mobile',
        CONSTRAINT directory_user_phone_pk PRIMARY KEY (user_id, address),
        CONSTRAINT directory_user_phone_user_fk FOREIGN KEY (user_id) REFERENCES directory_user (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX directory_user_phone_address_idx ON directory_user_phone (address)`,
    );
    await queryRunner.query(`
      CREATE TABLE messaging_profile (
        id uuid NOT NULL,
        channel text NOT NULL,
        address text NOT NULL,
        user_id uuid,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT messaging_profile_pk PRIMARY KEY (id),
        CONSTRAINT messaging_profile_user_fk FOREIGN KEY (user_id) REFERENCES directory_user (id)
      )`);
    // SPEC: at most one active profile per address, enforced here so that two first messages
    // arriving together, on any number of replicas, make one profile.
    await queryRunner.query(
      `CREATE UNIQUE INDEX messaging_profile_one_active_uq ON messaging_profile (channel, address) WHERE active`,
    );
    await queryRunner.query(`INSERT INTO directory_user (id, name, is_guest) VALUES ($1, 'Guest', true)`, [
      GUEST_USER_ID,
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE messaging_profile`);
    await queryRunner.query(`DROP TABLE directory_user_phone`);
    await queryRunner.query(`DROP TABLE directory_user`);
  }
}
