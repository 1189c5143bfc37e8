import path from 'node:path';

/**
 * Where each kind of durable data sits under the data folder, and so in a backup archive (same relative
 * paths). `run/`, logs and test data are not durable and are left out.
 */
export const dataLayout = (dataDir: string) => ({
  /** The embedded PostgreSQL: the app's database and, in cluster mode, Temporal's two. */
  postgres: path.join(dataDir, 'postgres'),
  /** The dev server's SQLite file (dev mode). */
  temporalSqlite: path.join(dataDir, 'temporal', 'temporal.db'),
  /** Token signing key, webhook secrets, demo credentials. */
  auth: path.join(dataDir, 'auth'),
  /** The payload master keys: without them no encrypted history can be read. */
  keys: path.join(dataDir, 'keys'),
  postgresPidFile: path.join(dataDir, 'run', 'postgres.pid'),
  devServerPidFile: path.join(dataDir, 'run', 'temporal.pid'),
});

/** The folders of the data folder a backup holds, relative to it (and to the archive's root). */
export const BACKED_UP = ['postgres', 'temporal', 'auth', 'keys'] as const;
