import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createDb, migrateToLatest } from '../../src/db/knex';
import { seed } from '../../src/db/seeds/seed';
import { ensureSearchAttributes } from '../../src/temporal/search-attribute-registry';
import { defaultToolsDir, resolveTemporalCli } from '../../src/temporal/temporal-cli';
import { WORKFLOWS_PATH } from '../../src/worker/create-worker';
import { FAILURE_CONVERTER_PATH } from '../../src/codec/data-converter';
import { generateMasterKeyEntry } from '../../src/codec/master-keys';
import { stopLeftover } from '../../src/ops/leftovers';
import { TEST_ENV } from './test-env';
import { startTestServers } from './test-servers';

const ROOT = path.resolve(__dirname, '../..');
const TEST_DATA = path.join(ROOT, 'data', 'test');

/**
 * Starts one real PostgreSQL and one real Temporal dev server for the whole run, on free ports and with
 * fresh data, migrates and seeds the database and bundles the workflows once for every test file.
 */
export default async function globalSetup(): Promise<void> {
  // Before wiping: a jest run still using these servers makes this one refuse, a dead one's are stopped.
  const runDir = path.join(ROOT, 'data', 'run');
  await stopLeftover(path.join(runDir, 'test-postgres.pid'), 'SIGINT', console.log);
  await stopLeftover(path.join(runDir, 'test-temporal.pid'), 'SIGTERM', console.log);
  fs.rmSync(TEST_DATA, { recursive: true, force: true });
  fs.mkdirSync(TEST_DATA, { recursive: true });
  const cliPath = await resolveTemporalCli(defaultToolsDir(ROOT));

  const [{ pg, temporal }, bundle] = await Promise.all([
    // Pid files sit outside the folder wiped above, so a leftover from a killed run is still found.
    startTestServers({ dataDir: TEST_DATA, runDir, cliPath }),
    bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: quietLogger,
    }),
  ]);
  Object.assign(globalThis, { __checkoutServers: [temporal, pg] });

  const db = createDb(pg.url);
  await migrateToLatest(db);
  await seed(db);
  await db.destroy();

  const connection = await Connection.connect({ address: temporal.address });
  await ensureSearchAttributes(connection, 'default');
  await connection.close();

  const bundlePath = path.join(TEST_DATA, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  process.env[TEST_ENV.databaseUrl] = pg.url;
  process.env[TEST_ENV.temporalAddress] = temporal.address;
  process.env[TEST_ENV.workflowBundle] = bundlePath;
  // A master key of the run's own: its database (and so every data key) is fresh too.
  process.env[TEST_ENV.payloadMasterKeys] = generateMasterKeyEntry();
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
