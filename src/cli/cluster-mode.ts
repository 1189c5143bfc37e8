import { spawn } from 'node:child_process';
import path from 'node:path';
import { codecPlaces } from '../codec/codec-places';
import type { AppConfig } from '../config';
import { waitForExit } from '../ops/pid-file';
import { CLUSTER_DATABASES, clusterStoreFromUrl, DEFAULT_CLUSTER_PORTS } from '../temporal/cluster-config';
import { startClusterServer } from '../temporal/cluster-server';
import { resolveTemporalServer } from '../temporal/temporal-server';
import { resolveTemporalUi, startTemporalUi } from '../temporal/temporal-ui';
import { defaultToolsDir } from '../temporal/temporal-cli';
import { PROJECT_ROOT, type Stop } from './bootstrap';

/**
 * Cluster mode's Temporal: the pinned server on the app's PostgreSQL server (databases `temporal` and
 * `temporal_visibility`, schema created or upgraded at each start), and the UI server in front of it.
 * The UI is optional: when it cannot be built, the CLI does its support tasks (see README).
 */
export async function startClusterTemporal(
  config: AppConfig,
  databaseUrl: string,
  stops: Stop[],
): Promise<{ address: string; uiUrl: string | undefined; logFile: string }> {
  const toolsDir = defaultToolsDir(PROJECT_ROOT);
  const logDir = path.join(config.dataDir, 'temporal-cluster');
  const logFile = path.join(logDir, 'server.log');
  const server = await startClusterServer({
    binaries: await resolveTemporalServer(toolsDir, console.log),
    store: clusterStoreFromUrl(databaseUrl, CLUSTER_DATABASES),
    ports: { ...DEFAULT_CLUSTER_PORTS, frontend: config.temporal.devServerPort },
    pidFile: path.join(config.dataDir, 'run', 'temporal-server.pid'),
    logFile,
    log: console.log,
  });
  stops.push(server.stop);
  let uiUrl: string | undefined;
  try {
    const ui = await startTemporalUi({
      binary: await resolveTemporalUi(toolsDir, console.log),
      temporalAddress: server.address,
      port: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      codecEndpoint: codecPlaces(config).endpoint,
      pidFile: path.join(config.dataDir, 'run', 'temporal-ui.pid'),
      logFile: path.join(logDir, 'ui.log'),
    });
    stops.push(ui.stop);
    uiUrl = ui.url;
  } catch (error) {
    console.warn(
      `No Temporal UI (${(error as Error).message}); use the CLI: temporal --address ${server.address} workflow list`,
    );
  }
  return { address: server.address, uiUrl, logFile };
}

/**
 * Starts `count` worker processes (`npm run worker`'s entry point) against the given Temporal and
 * PostgreSQL; each dies with us (it watches its parent) and is stopped with SIGTERM, draining its tasks.
 */
export async function startWorkerProcesses(
  count: number,
  env: { TEMPORAL_ADDRESS: string; DATABASE_URL: string },
  stops: Stop[],
): Promise<number[]> {
  const entry = path.join(PROJECT_ROOT, 'src', 'cli', 'worker.ts');
  const started = Array.from({ length: count }, (_, index) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    stops.push(async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      child.kill('SIGTERM');
      if (!(await waitForExit(child.pid, 30_000))) child.kill('SIGKILL');
    });
    return new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        process.stdout.write(text.replace(/^(?=.)/gm, `[worker ${index + 1}] `));
        if (text.includes('Worker polling')) resolve(child.pid!);
      });
      child.once('exit', (code) =>
        reject(new Error(`worker ${index + 1} exited with code ${code} before polling`)),
      );
    });
  });
  return Promise.all(started);
}
