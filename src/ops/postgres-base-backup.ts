import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { copyTree } from './copy-tree';

// Left out of a base backup, as pg_basebackup does: the running server's own files and what it rebuilds.
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts', 'pg_wal', 'pg_replslot', 'pg_stat_tmp']);
const EMPTY_FOLDERS = ['pg_wal', 'pg_replslot', 'pg_stat_tmp'];

/**
 * A consistent physical copy of a running PostgreSQL server's data folder (every database: the app's and,
 * in cluster mode, Temporal's, at one instant), through the server's own backup API: pg_backup_start, a
 * file copy while it keeps running, pg_backup_stop, then the write-ahead log written meanwhile. On its
 * next start the copy replays that log up to the end of the backup (backup_label tells it from where).
 * We do it this way because the embedded server ships no pg_dump, and a pg_dump of another major version
 * refuses to dump it.
 */
export async function postgresBaseBackup(adminUrl: string, dataDir: string, target: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    await client.query('SELECT pg_backup_start($1, true)', [`checkout-saga ${new Date().toISOString()}`]);
    let stopped = false;
    try {
      copyTree(dataDir, target, (relative) => SKIPPED.has(relative));
      const stop = await client.query<{ labelfile: string; spcmapfile: string | null }>(
        'SELECT labelfile, spcmapfile FROM pg_backup_stop(false)',
      );
      stopped = true;
      fs.writeFileSync(path.join(target, 'backup_label'), stop.rows[0]!.labelfile, { mode: 0o600 });
      if (stop.rows[0]!.spcmapfile)
        fs.writeFileSync(path.join(target, 'tablespace_map'), stop.rows[0]!.spcmapfile);
    } finally {
      if (!stopped) await client.query('SELECT pg_backup_stop(false)').catch(() => undefined);
    }
    // The log from the backup's start to its end, copied after the stop so that it holds all of it.
    for (const folder of EMPTY_FOLDERS)
      fs.mkdirSync(path.join(target, folder), { recursive: true, mode: 0o700 });
    copyTree(path.join(dataDir, 'pg_wal'), path.join(target, 'pg_wal'));
    return rows[0]!.server_version;
  } finally {
    await client.end();
  }
}
