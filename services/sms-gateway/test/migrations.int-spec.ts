import { createDataSource, runMigrations } from '@threadline/platform';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '@threadline/testkit';
import type { DataSource } from 'typeorm';
import { KEPT_REJECTION_CODES } from '../src/domain/inbound-rejection';
import { smsGatewayService } from '../src/sms-gateway.service';

describe('sms-gateway migrations', () => {
  let environment: IsolatedEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
    await runMigrations(smsGatewayService, { ...environment.env, LOG_LEVEL: 'silent' });
    dataSource = createDataSource({
      url: environment.databaseUrl,
      schema: smsGatewayService.schema,
      poolSize: 2,
      applicationName: 'sms-gateway-migration-test',
      migrations: smsGatewayService.migrations,
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await environment?.dispose();
  });

  /** Every table, index and sequence of the schema. */
  async function relations(): Promise<string[]> {
    const rows = await dataSource.query<Array<{ name: string }>>(
      `SELECT c.relkind::text || ':' || c.relname AS name FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'i', 'S')
        ORDER BY 1`,
      [smsGatewayService.schema],
    );
    return rows.map((row) => row.name);
  }

  async function companyNumberColumns(): Promise<string[]> {
    const rows = await dataSource.query<Array<{ column_name: string }>>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'company_number'`,
      [smsGatewayService.schema],
    );
    return rows.map((row) => row.column_name);
  }

  it('gives every company number a type, long_code unless told, and refuses unknown types', async () => {
    await dataSource.query(
      `INSERT INTO ${smsGatewayService.schema}.company_number (address, provider, label) VALUES ('+15550177001', 'twilio', 'Typed')`,
    );
    expect(
      await dataSource.query(
        `SELECT number_type FROM ${smsGatewayService.schema}.company_number WHERE address = '+15550177001'`,
      ),
    ).toEqual([{ number_type: 'long_code' }]);
    await expect(
      dataSource.query(
        `UPDATE ${smsGatewayService.schema}.company_number SET number_type = 'landline' WHERE address = '+15550177001'`,
      ),
    ).rejects.toThrow(/company_number_number_type_ck/);
    await dataSource.query(
      `DELETE FROM ${smsGatewayService.schema}.company_number WHERE address = '+15550177001'`,
    );
  });

  it('creates the five tables of the gateway', async () => {
    const tables = (await relations()).filter((name) => name.startsWith('r:'));
    expect(tables).toEqual(
      expect.arrayContaining([
        'r:company_number',
        'r:inbound_message',
        'r:outbound_message',
        'r:rejected_inbound_message',
        'r:status_callback',
      ]),
    );
  });

  /** The definition of the check on the codes a rejected message may have. */
  async function rejectedCodeCheck(): Promise<string> {
    const [row] = await dataSource.query<Array<{ definition: string }>>(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conname = 'rejected_inbound_message_code_ck' AND connamespace = $1::regnamespace`,
      [smsGatewayService.schema],
    );
    return row!.definition;
  }

  it('lets rejected_inbound_message hold every code the gateway keeps as rejected', async () => {
    const check = await rejectedCodeCheck();
    for (const code of KEPT_REJECTION_CODES) expect(check).toContain(`'${code}'`);
  });

  it('takes back exactly what it created, and applies again after that', async () => {
    const migrated = await relations();
    const repeated = `INSERT INTO rejected_inbound_message (provider, provider_message_id, body_truncated, code, reason)
                      VALUES ('twilio', 'SM-repeated', false, 'WEBHOOK_FIELD_REPEATED', 'From sent twice')`;
    await dataSource.query(repeated);
    // The last migration takes back only the number types.
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await relations()).toEqual(migrated);
    expect(await companyNumberColumns()).not.toContain('number_type');
    const outboundColumns = async () =>
      (
        await dataSource.query<Array<{ name: string }>>(
          `SELECT column_name AS name FROM information_schema.columns
            WHERE table_schema = $1 AND table_name = 'outbound_message'`,
          [smsGatewayService.schema],
        )
      ).map((row) => row.name);
    expect(await outboundColumns()).toEqual(expect.arrayContaining(['encoding', 'segments']));
    await dataSource.undoLastMigration({ transaction: 'each' });
    // The one before takes back only outbound_message's encoding and segments (S4).
    expect(await outboundColumns()).not.toEqual(expect.arrayContaining(['encoding']));
    expect(await outboundColumns()).not.toEqual(expect.arrayContaining(['segments']));
    await dataSource.undoLastMigration({ transaction: 'each' });
    // The one before takes back only the code WEBHOOK_FIELD_REPEATED, its rows keeping the
    // code they had before it.
    expect(await relations()).toEqual(migrated);
    expect(await rejectedCodeCheck()).not.toContain('WEBHOOK_FIELD_REPEATED');
    expect(await dataSource.query(`SELECT code FROM rejected_inbound_message`)).toEqual([
      { code: 'WEBHOOK_FIELD_MISSING' },
    ]);
    await dataSource.undoLastMigration({ transaction: 'each' });
    // The one before that takes back only the rejected messages' table.
    expect(await relations()).toEqual(migrated.filter((name) => !name.includes('rejected_inbound_message')));
    // The four above are undone; the rest go in turn.
    for (let left = smsGatewayService.migrations.length - 4; left > 0; left--) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    const undone = await relations();
    expect(
      undone.some((name) => /company_number|inbound_message|outbound_message|status_callback/.test(name)),
    ).toBe(false);
    // Only the platform's tables (and their indexes and sequences) remain.
    expect(undone.filter((name) => name.startsWith('r:'))).toEqual([
      'r:dead_letter',
      'r:inbox',
      'r:migrations',
      'r:outbox',
    ]);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await relations()).toEqual(migrated);
  });
});
