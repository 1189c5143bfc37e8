import { DEV_SERVER_DYNAMIC_CONFIG } from '../../src/config';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embedded-postgres';
import { startTogether } from '../../src/ops/start-together';
import { freePort, startDevServer, type DevServerHandle } from '../../src/temporal/dev-server';

/** Where a test run keeps its servers' data, pid files and logs. */
export interface TestServerPlaces {
  dataDir: string;
  runDir: string;
  cliPath: string;
}

/**
 * One real PostgreSQL and one real Temporal dev server (in memory), on free ports, started side by side.
 * If either fails, the other is stopped before the error is rethrown.
 */
export async function startTestServers(
  places: TestServerPlaces,
): Promise<{ pg: EmbeddedPostgresHandle; temporal: DevServerHandle }> {
  const [pg, temporal] = await startTogether<[EmbeddedPostgresHandle, DevServerHandle]>([
    async () =>
      startEmbeddedPostgres({
        dataDir: path.join(places.dataDir, 'postgres'),
        port: await freePort(),
        database: 'checkout_test',
        pidFile: path.join(places.runDir, 'test-postgres.pid'),
        logFile: path.join(places.dataDir, 'postgres.log'),
      }),
    async () =>
      startDevServer({
        cliPath: places.cliPath,
        port: await freePort(),
        namespace: 'default',
        // As `npm start` runs it, so that the tests take the same dispatch path.
        dynamicConfig: [DEV_SERVER_DYNAMIC_CONFIG],
        logFile: path.join(places.dataDir, 'temporal.log'),
        pidFile: path.join(places.runDir, 'test-temporal.pid'),
      }),
  ]);
  return { pg, temporal };
}
