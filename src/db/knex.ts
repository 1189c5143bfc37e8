import knex, { type Knex } from 'knex';
import { types } from 'pg';
import { migrationSource } from './migrations';

// bigint columns hold minor units well inside Number.MAX_SAFE_INTEGER; return them as numbers.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

/**
 * Opens a knex pool on a PostgreSQL URL. With `statementTimeoutMs`, every session of the pool has that
 * `statement_timeout` (set by pg when it connects, before knex hands the connection out), so a runaway
 * query is cancelled by PostgreSQL instead of holding a connection and its locks.
 */
export function createDb(
  url: string,
  pool: Knex.PoolConfig = { min: 0, max: 10 },
  options: { statementTimeoutMs?: number } = {},
): Knex {
  const { statementTimeoutMs } = options;
  const connection = statementTimeoutMs
    ? { connectionString: url, statement_timeout: statementTimeoutMs }
    : url;
  return knex({ client: 'pg', connection, pool });
}

/** Applies every pending migration. */
export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Reverts every migration (used by the migration round-trip test). */
export async function migrateAllDown(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
