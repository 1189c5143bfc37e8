import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadOrCreateSigningKey, signingKeyFile } from '../../src/auth/signing-key';
import { masterKeyFile } from '../../src/codec/master-keys';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded-postgres';
import { createDb, migrateToLatest } from '../../src/db/knex';
import { seed } from '../../src/db/seeds/seed';
import { createBackup } from '../../src/ops/backup';
import { dataLayout } from '../../src/ops/data-layout';
import { restoreBackup } from '../../src/ops/restore';
import { freePort, startDevServer, type DevServerHandle } from '../../src/temporal/dev-server';
import { ensureSearchAttributes } from '../../src/temporal/search-attribute-registry';
import { defaultToolsDir, findTemporalCli } from '../../src/temporal/temporal-cli';
import { startHarness, type Harness } from '../support/harness';
import { BACKUP_TIMEOUTS, expectAllResumeAndComplete, placeOrdersInThreeStates } from './backup-scenario';

// The app on a data folder of its own (embedded PostgreSQL, the dev server's SQLite file, key files),
// backed up, destroyed and restored.
const ROOT = path.resolve(__dirname, '../..');
const dataDir = path.join(ROOT, 'data', 'test', `backup-${randomUUID().slice(0, 8)}`);
const layout = dataLayout(dataDir);
const taskQueue = `backup-${randomUUID()}`;
let pgPort: number;
let app: { pg: EmbeddedPostgresHandle; temporal: DevServerHandle; h: Harness } | undefined;

/** Starts PostgreSQL and the dev server on the data folder, then a worker and the API, as npm start does. */
async function startApp(): Promise<Harness> {
  const pg = await startEmbeddedPostgres({
    dataDir: layout.postgres,
    port: pgPort,
    database: 'checkout',
    pidFile: layout.postgresPidFile,
  });
  const db = createDb(pg.url);
  await migrateToLatest(db);
  await seed(db);
  await db.destroy();
  const temporal = await startDevServer({
    cliPath: findTemporalCli(defaultToolsDir(ROOT))!,
    port: await freePort(),
    namespace: 'default',
    dbFile: layout.temporalSqlite,
    pidFile: layout.devServerPidFile,
  });
  const connection = await Connection.connect({ address: temporal.address });
  await ensureSearchAttributes(connection, 'default');
  await connection.close();
  const h = await startHarness({
    temporalAddress: temporal.address,
    own: { databaseUrl: pg.url, dataDir, taskQueue },
    timeouts: BACKUP_TIMEOUTS,
  });
  app = { pg, temporal, h };
  return h;
}

async function stopApp(): Promise<void> {
  if (!app) return;
  const { pg, temporal, h } = app;
  app = undefined;
  await h.stop();
  await temporal.stop();
  await pg.stop();
}

beforeAll(async () => {
  pgPort = await freePort();
});
afterAll(async () => {
  await stopApp();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}-archives`, { recursive: true, force: true });
}, 60_000);

/** Repacks an archive with one file changed, as a damaged copy would be. */
function tamperedCopy(archive: string, file: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tampered-'));
  execFileSync('tar', ['-xzf', archive, '-C', folder]);
  fs.appendFileSync(path.join(folder, file), ' ');
  const tampered = path.join(path.dirname(archive), 'tampered.tar.gz');
  execFileSync('tar', ['-czf', tampered, '-C', folder, '.']);
  fs.rmSync(folder, { recursive: true, force: true });
  return tampered;
}

test('when orders waiting for review, shipped and in the return window are backed up and the data folder is destroyed, then after a restore every order resumes and completes with the auditor green', async () => {
  let h = await startApp();
  await loadOrCreateSigningKey(dataDir);
  const orders = await placeOrdersInThreeStates(h);
  await stopApp();
  const keysBefore = fs.readFileSync(masterKeyFile(dataDir), 'utf8');
  const signingKeyBefore = fs.readFileSync(signingKeyFile(dataDir), 'utf8');

  const archive = await createBackup({
    dataDir,
    postgresPort: pgPort,
    outDir: `${dataDir}-archives`,
    app: { name: 'checkout-saga', version: 'test' },
  });
  await expect(restoreBackup({ archive, dataDir })).rejects.toThrow(/already holds data .*--force/);
  fs.rmSync(dataDir, { recursive: true, force: true });
  await expect(
    restoreBackup({ archive: tamperedCopy(archive, 'keys/payload-master-keys.json'), dataDir }),
  ).rejects.toThrow(
    /is damaged, nothing was restored: keys\/payload-master-keys.json does not match its SHA-256 checksum/,
  );
  const truncated = `${archive}.truncated`;
  fs.writeFileSync(truncated, fs.readFileSync(archive).subarray(0, 4096));
  await expect(restoreBackup({ archive: truncated, dataDir })).rejects.toThrow(/damaged.*cannot be unpacked/);
  expect(fs.existsSync(layout.postgres)).toBe(false);

  const manifest = await restoreBackup({ archive, dataDir });
  expect(manifest.temporalMode).toBe('dev');
  expect(Object.keys(manifest.files)).toEqual(
    expect.arrayContaining([
      'postgres/PG_VERSION',
      'postgres/backup_label',
      'temporal/temporal.db',
      'keys/payload-master-keys.json',
      'auth/token-signing-key.jwk.json',
    ]),
  );
  expect(fs.readFileSync(masterKeyFile(dataDir), 'utf8')).toBe(keysBefore);
  expect(fs.readFileSync(signingKeyFile(dataDir), 'utf8')).toBe(signingKeyBefore);

  h = await startApp();
  await expectAllResumeAndComplete(h, orders);
}, 300_000);
