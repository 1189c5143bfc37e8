import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { stopLeftover } from '../ops/leftovers';
import { spawnServer } from '../ops/server-process';
import {
  CLUSTER_CONFIG_ENV,
  CLUSTER_DEPLOY_DIR,
  clusterServerEnv,
  type ClusterPorts,
  type ClusterStore,
} from './cluster-config';
import { portOpen } from './dev-server';
import type { TemporalServerBinaries } from './temporal-server';

/** A running Temporal server (all four services in one process) on PostgreSQL. */
export interface ClusterServerHandle {
  address: string;
  pid: number;
  stop(): Promise<void>;
}

export interface ClusterServerOptions {
  binaries: TemporalServerBinaries;
  store: ClusterStore;
  ports: ClusterPorts;
  /** Records the server's pid while it runs; a leftover found here at the next start is stopped. */
  pidFile: string;
  /** The server's and the schema tool's output (appended). */
  logFile: string;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

/**
 * Creates or upgrades Temporal's schema (idempotent), then starts the server from the repo's config
 * template and resolves once its frontend answers. SIGTERM stops it cleanly.
 */
export async function startClusterServer(options: ClusterServerOptions): Promise<ClusterServerHandle> {
  const log = options.log ?? (() => undefined);
  const env = { ...process.env, ...clusterServerEnv(options.store, options.ports) };
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  log(
    `Creating or upgrading Temporal's schema in ${options.store.database} and ${options.store.visibilityDatabase}…`,
  );
  await setUpSchema(options.binaries, env, options.logFile);
  await stopLeftover(options.pidFile, 'SIGTERM', log);
  if (await portOpen(options.ports.frontend))
    throw new Error(
      `port ${options.ports.frontend} is taken, so Temporal cannot start there (set TEMPORAL_PORT)`,
    );
  const logFd = fs.openSync(options.logFile, 'a');
  const server = spawnServer({
    name: 'Temporal server',
    command: options.binaries.server,
    args: [
      '--root',
      CLUSTER_DEPLOY_DIR,
      '--config',
      'config',
      '--env',
      CLUSTER_CONFIG_ENV,
      '--allow-no-auth',
      'start',
    ],
    pidFile: options.pidFile,
    stopSignal: 'SIGTERM',
    spawnOptions: { stdio: ['ignore', logFd, logFd], env },
  });
  fs.closeSync(logFd);
  const address = `127.0.0.1:${options.ports.frontend}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
  while (!(await answers(address))) {
    if (server.hasExited())
      throw new Error(`the Temporal server exited with code ${await server.exited}; see ${options.logFile}`);
    if (Date.now() > deadline) {
      await server.stop(0);
      throw new Error(`the Temporal server did not answer on ${address} in time; see ${options.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log(
    `Temporal server ${address} started (pid ${server.pid}), store in PostgreSQL ${options.store.host}:${options.store.port}.`,
  );
  return { address, pid: server.pid, stop: () => server.stop(30_000) };
}

/** True once the frontend serves requests (its port opens a little before it can). */
async function answers(address: string): Promise<boolean> {
  const port = Number(address.split(':')[1]);
  if (!(await portOpen(port))) return false;
  try {
    const connection = await Connection.connect({ address, connectTimeout: 2_000 });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

/** Runs deploy/temporal/setup-schema.sh, the same script docker-compose's schema job runs. */
async function setUpSchema(
  binaries: TemporalServerBinaries,
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<void> {
  const logFd = fs.openSync(logFile, 'a');
  try {
    const child = spawn('bash', [path.join(CLUSTER_DEPLOY_DIR, 'setup-schema.sh')], {
      stdio: ['ignore', logFd, logFd],
      env: { ...env, TEMPORAL_SQL_TOOL: binaries.sqlTool, TEMPORAL_SCHEMA_DIR: binaries.schemaDir },
    });
    const code = await new Promise<number>((resolve) => {
      child.once('error', () => resolve(-1));
      child.once('exit', (exitCode) => resolve(exitCode ?? -1));
    });
    if (code !== 0) throw new Error(`setting up Temporal's schema failed (exit ${code}); see ${logFile}`);
  } finally {
    fs.closeSync(logFd);
  }
}
