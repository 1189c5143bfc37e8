import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { defaultToolsDir } from '../../src/temporal/temporal-cli';
import { resolveTemporalServer } from '../../src/temporal/temporal-server';
import { clusterStoreFromUrl, type ClusterPorts } from '../../src/temporal/cluster-config';
import { startClusterServer, type ClusterServerHandle } from '../../src/temporal/cluster-server';
import { ensureNamespace } from '../../src/temporal/namespace';
import { ensureSearchAttributes } from '../../src/temporal/search-attribute-registry';
import { testEnv } from '../support/test-env';

const ROOT = path.resolve(__dirname, '../..');

/** The cluster-mode Temporal server of a test file, on the run's PostgreSQL; restartable mid-test. */
export interface TestCluster {
  address: string;
  server: ClusterServerHandle;
  /** Stops the server (SIGTERM) and starts it again on the same ports and databases. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the pinned server on first use (several minutes cold; progress is printed), then starts it with
 * its store and visibility in two fresh databases of the run's embedded PostgreSQL, on free ports.
 */
export async function startTestCluster(name: string): Promise<TestCluster> {
  const binaries = await resolveTemporalServer(defaultToolsDir(ROOT), (line) =>
    process.stdout.write(`${line}\n`),
  );
  const store = clusterStoreFromUrl(testEnv('databaseUrl'), {
    database: `temporal_${name}`,
    visibilityDatabase: `temporal_${name}_visibility`,
  });
  const ports = await freeClusterPorts();
  const runDir = path.join(ROOT, 'data', 'test', `cluster-${name}`);
  const start = () =>
    startClusterServer({
      binaries,
      store,
      ports,
      pidFile: path.join(runDir, 'temporal-server.pid'),
      logFile: path.join(runDir, 'temporal-server.log'),
    });
  const cluster: TestCluster = {
    address: '',
    server: await start(),
    async restart() {
      await cluster.server.stop();
      cluster.server = await start();
    },
    stop: () => cluster.server.stop(),
  };
  cluster.address = cluster.server.address;
  const connection = await Connection.connect({ address: cluster.address });
  await ensureNamespace(connection, 'default', 24 * 3600_000);
  await ensureSearchAttributes(connection, 'default');
  await connection.close();
  return cluster;
}

/** Free ports for every listener of the server. */
export async function freeClusterPorts(): Promise<ClusterPorts> {
  const names: (keyof ClusterPorts)[] = [
    'frontend',
    'frontendHttp',
    'frontendMembership',
    'history',
    'historyMembership',
    'matching',
    'matchingMembership',
    'worker',
    'workerMembership',
  ];
  const ports = new Set<number>();
  while (ports.size < names.length) {
    const port = await freeLowPort();
    if (!ports.has(port)) ports.add(port);
  }
  const values = [...ports];
  return Object.fromEntries(names.map((key, index) => [key, values[index]!])) as unknown as ClusterPorts;
}

/**
 * A free port below 32768: the server keeps membership ports in a smallint column, so the OS's ephemeral
 * ports (which freePort hands out) do not fit.
 */
async function freeLowPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
