import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { embeddedPostgresUrl, startEmbeddedPostgres } from '../db/embedded-postgres';
import { CLUSTER_DATABASES } from '../temporal/cluster-config';
import { TEMPORAL_CLI_VERSION } from '../temporal/temporal-cli';
import { TEMPORAL_SERVER_VERSION } from '../temporal/temporal-server';
import { ARCHIVE_FORMAT, checksumTree, MANIFEST_FILE, type ArchiveManifest } from './archive-manifest';
import { copyTree } from './copy-tree';
import { dataLayout } from './data-layout';
import { readPidFile, stillRuns } from './pid-file';
import { postgresBaseBackup } from './postgres-base-backup';
import { onPath } from './which';

export interface BackupOptions {
  dataDir: string;
  /** The embedded PostgreSQL's port: where it runs, or where the backup starts it for the copy. */
  postgresPort: number;
  /** Where the archive goes. */
  outDir: string;
  app: { name: string; version: string };
  log?: (line: string) => void;
  now?: Date;
}

/**
 * Writes `checkout-backup-<time>.tar.gz`: the embedded PostgreSQL (app and cluster-mode Temporal databases,
 * one consistent instant), the dev server's SQLite file, the key material (auth/, keys/) and a manifest
 * with versions and SHA-256 checksums. Works with the app running or stopped.
 */
export async function createBackup(options: BackupOptions): Promise<string> {
  const log = options.log ?? (() => undefined);
  const layout = dataLayout(options.dataDir);
  if (!fs.existsSync(path.join(layout.postgres, 'PG_VERSION')))
    throw new Error(
      `no embedded PostgreSQL under ${options.dataDir}: nothing to back up (with DATABASE_URL, use your server's backups)`,
    );
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'checkout-backup-'));
  try {
    const temporalMode = copySqlite(layout, staging, log);
    log('Copying PostgreSQL (a base backup through the running server)…');
    const { postgresVersion, hasTemporalDatabases } = await withRunningPostgres(
      options,
      log,
      async (url) => ({
        postgresVersion: await postgresBaseBackup(url, layout.postgres, path.join(staging, 'postgres')),
        hasTemporalDatabases: await databaseExists(url, CLUSTER_DATABASES.database),
      }),
    );
    for (const folder of ['auth', 'keys'] as const)
      if (fs.existsSync(layout[folder])) copyTree(layout[folder], path.join(staging, folder));
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      createdAt: (options.now ?? new Date()).toISOString(),
      app: options.app,
      temporalMode: temporalMode ?? (hasTemporalDatabases ? 'cluster' : 'none'),
      versions: {
        postgres: postgresVersion,
        temporalServer: TEMPORAL_SERVER_VERSION,
        temporalCli: TEMPORAL_CLI_VERSION,
        node: process.version,
      },
      files: checksumTree(staging),
    };
    fs.writeFileSync(path.join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
    fs.mkdirSync(options.outDir, { recursive: true });
    const stamp = manifest.createdAt.replace(/[:.]/g, '-');
    const archive = path.join(options.outDir, `checkout-backup-${stamp}.tar.gz`);
    execFileSync('tar', ['-czf', archive, '-C', staging, '.']);
    log(
      `Backup written: ${archive} (${Object.keys(manifest.files).length} files, Temporal: ${manifest.temporalMode})`,
    );
    return archive;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The dev server's SQLite file: copied as is while the server is stopped; while it runs, through SQLite's
 * online backup (the sqlite3 command), since a plain copy of a live file can be torn.
 */
function copySqlite(
  layout: ReturnType<typeof dataLayout>,
  staging: string,
  log: (line: string) => void,
): 'dev' | undefined {
  if (!fs.existsSync(layout.temporalSqlite)) return undefined;
  const target = path.join(staging, 'temporal', 'temporal.db');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const server = readPidFile(layout.devServerPidFile);
  if (server && stillRuns(server)) {
    const sqlite3 = onPath('sqlite3');
    if (!sqlite3)
      throw new Error(
        `the Temporal dev server (pid ${server.pid}) is running and the sqlite3 command is not installed for an online copy: stop the app (Ctrl-C in npm start) and run the backup again`,
      );
    log("Copying the Temporal dev server's SQLite file (online backup)…");
    execFileSync(sqlite3, [layout.temporalSqlite, `.backup '${target.replace(/'/g, "''")}'`]);
  } else {
    log("Copying the Temporal dev server's SQLite file (server stopped)…");
    for (const suffix of ['', '-wal'])
      if (fs.existsSync(layout.temporalSqlite + suffix))
        fs.copyFileSync(layout.temporalSqlite + suffix, target + suffix);
  }
  return 'dev';
}

/** Runs `work` against the embedded server: the running one, or one started (and stopped) for it. */
async function withRunningPostgres<T>(
  options: BackupOptions,
  log: (line: string) => void,
  work: (adminUrl: string) => Promise<T>,
): Promise<T> {
  const layout = dataLayout(options.dataDir);
  const record = readPidFile(layout.postgresPidFile);
  if (record && stillRuns(record)) return work(embeddedPostgresUrl(options.postgresPort, 'postgres'));
  const pg = await startEmbeddedPostgres({
    dataDir: layout.postgres,
    port: options.postgresPort,
    database: 'postgres',
    pidFile: layout.postgresPidFile,
    log,
  });
  try {
    return await work(embeddedPostgresUrl(options.postgresPort, 'postgres'));
  } finally {
    await pg.stop();
  }
}

async function databaseExists(adminUrl: string, database: string): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (
      ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount ?? 0) > 0
    );
  } finally {
    await client.end();
  }
}
