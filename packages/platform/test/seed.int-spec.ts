import type { MigrationInterface, QueryRunner } from 'typeorm';
import { defineService, runSeed } from '../src';
import { createIsolatedEnvironment, type IsolatedEnvironment } from '../src/testing';
import { Client } from 'pg';

class Colours1764115500000 implements MigrationInterface {
  readonly name = 'Colours1764115500000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE colour (name text PRIMARY KEY)`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE colour`);
  }
}

const palette = defineService({
  name: 'palette',
  defaultPort: 0,
  streams: [],
  summary: 'A service that exists for this test.',
  readinessRequires: ['postgres'],
  migrations: [Colours1764115500000],
});

describe('the seed command', () => {
  let environment: IsolatedEnvironment;

  beforeAll(async () => {
    environment = await createIsolatedEnvironment();
  });

  afterAll(() => environment?.dispose());

  it('migrates the schema first, then writes the seed in one transaction, and can run again', async () => {
    const seed = async (manager: Parameters<Parameters<typeof runSeed>[1]>[0]) => {
      await manager.query(`INSERT INTO colour (name) VALUES ('red'), ('blue') ON CONFLICT DO NOTHING`);
      return '2 colours';
    };
    await expect(runSeed(palette, seed, environment.env)).resolves.toBe('2 colours');
    await expect(runSeed(palette, seed, environment.env)).resolves.toBe('2 colours');
    const client = new Client({ connectionString: environment.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(`SELECT name FROM palette.colour ORDER BY name`);
      expect(rows.map((row) => row.name)).toEqual(['blue', 'red']);
    } finally {
      await client.end();
    }
  });

  it('writes nothing when the seed fails half-way', async () => {
    const failing = async (manager: Parameters<Parameters<typeof runSeed>[1]>[0]) => {
      await manager.query(`INSERT INTO colour (name) VALUES ('green')`);
      throw new Error('the second half failed');
    };
    await expect(runSeed(palette, failing, environment.env)).rejects.toThrow('the second half failed');
    const client = new Client({ connectionString: environment.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT 1 FROM palette.colour WHERE name = 'green'`);
      expect(rows).toHaveLength(0);
    } finally {
      await client.end();
    }
  });
});
