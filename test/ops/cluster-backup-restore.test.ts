import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { createDb, migrateToLatest } from '../../src/db/knex';
import { seed } from '../../src/db/seeds/seed';
import { createBackup } from '../../src/ops/backup';
import { dataLayout } from '../../src/ops/data-layout';
import { restoreBackup } from '../../src/ops/restore';
import { CLUSTER_DATABASES, clusterStoreFromUrl } from '../../src/temporal/cluster-config';
import { startClusterServer } from '../../src/temporal/cluster-server';
import { freePort } from '../../src/temporal/dev-server';
import { ensureNamespace } from '../../src/temporal/namespace';
import { ensureSearchAttributes } from '../../src/temporal/search-attribute-registry';
import { defaultToolsDir } from '../../src/temporal/temporal-cli';
import { resolveTemporalServer, type TemporalServerBinaries } from '../../src/temporal/temporal-server';
import { freeClusterPorts } from '../cluster/test-cluster';
import { startHarness, type Harness } from '../support/harness';
import { BACKUP_TIMEOUTS, expectAllResumeAndComplete, placeOrdersInThreeStates } from './backup-scenario';

// Cluster mode on a data folder of its own: one embedded PostgreSQL holds the app's database and
// Temporal's two, backed up while everything runs.
const ROOT = path.resolve(__dirname, '../..');
const dataDir = path.join(ROOT, 'data', 'test', `cluster-backup-${randomUUID().slice(0, 8)}`);
const layout = dataLayout(dataDir);
const taskQueue = `cluster-backup-${randomUUID()}`;
let pgPort: number;
let binaries: TemporalServerBinaries;
const stops: (() => Promise<void>)[] = [];

/** Starts PostgreSQL, the cluster-mode server on it, then a worker and the API, as `npm start -- --cluster` does. */
async function startApp(): Promise<Harness> {
  const pg = await startEmbeddedPostgres({
    dataDir: layout.postgres,
    port: pgPort,
    database: 'checkout',
    pidFile: layout.postgresPidFile,
  });
  stops.unshift(pg.stop);
  const db = createDb(pg.url);
  await migrateToLatest(db);
  await seed(db);
  await db.destroy();
  const server = await startClusterServer({
    binaries,
    store: clusterStoreFromUrl(pg.url, CLUSTER_DATABASES),
    ports: await freeClusterPorts(),
    pidFile: path.join(dataDir, 'run', 'temporal-server.pid'),
    logFile: path.join(dataDir, 'temporal-cluster', 'server.log'),
  });
  stops.unshift(server.stop);
  const connection = await Connection.connect({ address: server.address });
  await ensureNamespace(connection, 'default', 24 * 3600_000);
  await ensureSearchAttributes(connection, 'default');
  await connection.close();
  const h = await startHarness({
    temporalAddress: server.address,
    own: { databaseUrl: pg.url, dataDir, taskQueue },
    timeouts: BACKUP_TIMEOUTS,
  });
  stops.unshift(h.stop);
  return h;
}

async function stopApp(): Promise<void> {
  for (const stop of stops.splice(0)) await stop();
}

beforeAll(async () => {
  pgPort = await freePort();
  // The first build of the server takes several minutes on two cores; later runs find it built.
  binaries = await resolveTemporalServer(defaultToolsDir(ROOT), (line) => process.stdout.write(`${line}\n`));
}, 20 * 60_000);
afterAll(async () => {
  await stopApp();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}-archives`, { recursive: true, force: true });
}, 60_000);

test('when a running cluster is backed up and its data folder destroyed, then after a restore every order resumes and completes with the auditor green', async () => {
  let h = await startApp();
  const orders = await placeOrdersInThreeStates(h);

  // While everything runs: the base backup copies the app's and Temporal's databases at one instant.
  const archive = await createBackup({
    dataDir,
    postgresPort: pgPort,
    outDir: `${dataDir}-archives`,
    app: { name: 'checkout-saga', version: 'test' },
  });
  await stopApp();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const manifest = await restoreBackup({ archive, dataDir });

  expect(manifest.temporalMode).toBe('cluster');
  expect(Object.keys(manifest.files)).not.toContain('temporal/temporal.db');
  h = await startApp();
  await expectAllResumeAndComplete(h, orders);
}, 300_000);
