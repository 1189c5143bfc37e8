import { Client } from 'pg';
import { createDb, migrateAllDown, migrateToLatest } from '../../src/db/knex';
import { seed } from '../../src/db/seeds/seed';
import { testEnv } from '../support/test-env';

const DATABASE = `migrations_${process.pid}`;
const adminUrl = () => testEnv('databaseUrl').replace(/\/[^/]+$/, '/postgres');

async function admin(sql: string) {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(() => admin(`CREATE DATABASE ${DATABASE}`));
afterAll(() => admin(`DROP DATABASE IF EXISTS ${DATABASE}`));

const tables = async (db: ReturnType<typeof createDb>) =>
  (
    await db('pg_tables')
      .where({ schemaname: 'public' })
      .whereNot('tablename', 'like', 'knex_%')
      .pluck('tablename')
  ).sort();

test('when migrations run up, down and up again, then the schema is rebuilt the same and seeding is repeatable', async () => {
  const db = createDb(adminUrl().replace(/\/postgres$/, `/${DATABASE}`));
  try {
    await migrateToLatest(db);
    const schema = await tables(db);
    expect(schema).toEqual(
      expect.arrayContaining(['orders', 'inventory', 'payments', 'refunds', 'shipments', 'reservations']),
    );

    await migrateAllDown(db);
    expect(await tables(db)).toEqual([]);

    await migrateToLatest(db);
    expect(await tables(db)).toEqual(schema);
    await seed(db);
    await seed(db);
    expect(Number((await db('warehouses').count({ n: '*' }).first())?.n)).toBeGreaterThanOrEqual(3);
    await expect(
      db('inventory')
        .insert({ warehouse_id: 'wh-reno', sku: 'MUG-LOGO', on_hand: 1, reserved: 2 })
        .onConflict(['warehouse_id', 'sku'])
        .merge(),
    ).rejects.toThrow(/inventory_stock_bounds/);
  } finally {
    await db.destroy();
  }
});
