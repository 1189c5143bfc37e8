import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { freePort } from '../../src/temporal/dev-server';

/** A folder only its owner may enter, as `mktemp -d` makes and as root's home is. */
const privateFolder = () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'private-'));
  fs.chmodSync(folder, 0o700);
  return folder;
};

describe('embedded PostgreSQL in a private folder', () => {
  test('when the data folder is inside a 0700 folder, then PostgreSQL starts there and serves queries', async () => {
    const folder = privateFolder();
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(folder, 'data', 'postgres'),
      port: await freePort(),
      database: 'private_check',
      pidFile: path.join(folder, 'data', 'run', 'postgres.pid'),
    });
    try {
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
      expect(fs.existsSync(path.join(folder, 'data', 'postgres', 'PG_VERSION'))).toBe(true);
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
      await client.end();
      expect(rows[0]!.db).toBe('private_check');
    } finally {
      await pg.stop();
    }
  });

  // CI runs as root, where PostgreSQL needs another identity; this is the fallback for hosts without user
  // namespaces, forced here so that its refusal is exercised.
  test('when PostgreSQL must run as the postgres account and that account cannot enter the folder, then it fails at once saying what to change', async () => {
    expect(process.getuid?.()).toBe(0);
    const folder = privateFolder();
    const dataDir = path.join(folder, 'data', 'postgres');
    const started = startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'never',
      pidFile: path.join(folder, 'run.pid'),
      identity: 'account',
    });
    await expect(started).rejects.toThrow(
      /cannot reach .*Clone the project into a folder other users can enter/s,
    );
    await expect(started).rejects.toThrow(/DATABASE_URL/);
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
