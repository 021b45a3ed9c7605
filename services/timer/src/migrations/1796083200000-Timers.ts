import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable timers of messaging actions. A timer is armed until it fires or is disarmed,
 * never both: `fired_at` and `disarmed_at` record which and when. At most one timer is armed
 * per interaction and action (SPEC M3: a later message keeps the first deadline); the
 * scheduler finds the next due ones through the partial index on the armed ones.
 */
export class Timers1796083200000 implements MigrationInterface {
  readonly name = 'Timers1796083200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE timer (
        id uuid NOT NULL,
        interaction_id uuid NOT NULL,
        action_id uuid NOT NULL,
        due_at timestamptz NOT NULL,
        armed_by_message_id uuid NOT NULL,
        state text NOT NULL DEFAULT 'armed',
        fired_at timestamptz,
        disarmed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT timer_pk PRIMARY KEY (id),
        CONSTRAINT timer_state_ck CHECK (state IN ('armed', 'fired', 'disarmed')),
        CONSTRAINT timer_fired_at_ck CHECK ((state = 'fired') = (fired_at IS NOT NULL)),
        CONSTRAINT timer_disarmed_at_ck CHECK ((state = 'disarmed') = (disarmed_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX timer_due_ix ON timer (due_at) WHERE state = 'armed'`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX timer_armed_action_ux ON timer (interaction_id, action_id) WHERE state = 'armed'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE timer`);
  }
}
