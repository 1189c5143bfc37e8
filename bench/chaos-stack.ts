import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import knex, { type Knex } from 'knex';
import { createApp } from '../src/api/app';
import { loadApiCredentials } from '../src/auth/api-credentials';
import { createSandboxCallers, type SandboxCallers } from '../src/sandbox/sandbox-callers';
import { loadConfig, type AppConfig } from '../src/config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/db/embedded-postgres';
import { migrateToLatest } from '../src/db/knex';
import { seed } from '../src/db/seeds/seed';
import { stopLeftover } from '../src/ops/leftovers';
import { startTogether } from '../src/ops/start-together';
import { freePort, startDevServer, type DevServerHandle } from '../src/temporal/dev-server';
import { ensureSearchAttributes } from '../src/temporal/search-attribute-registry';
import { defaultToolsDir, resolveTemporalCli } from '../src/temporal/temporal-cli';
import { createPayloadEncryption } from '../src/codec/data-converter';
import { createLogger } from '../src/observability/logger';
import { TrafficGate } from './chaos-gate';
import { WorkerSupervisor } from './chaos-worker';

/** How the chaos stack is set up. */
export interface ChaosStackOptions {
  /** The project root: data goes to `<root>/data/chaos/<label>`. */
  root: string;
  /** Names the data folder and pid files, so that two runs (a test and the CLI) never share them. */
  label: string;
  /** Environment for the worker and the API config: fault rates, short timeouts. */
  env: Record<string, string>;
  log: (line: string) => void;
  /** The folder under data/ (default `chaos`), so that the benchmark's data stays apart. */
  folder?: string;
  /** `--sqlite-pragma` values for the dev server (the benchmark tries them). */
  sqlitePragmas?: readonly string[];
  /** Dynamic config values for the dev server (KEY=JSON each). */
  dynamicConfig?: readonly string[];
  /** Runs the API as its own process (`src/cli/api.ts`), so its CPU and memory can be read apart. */
  apiProcess?: boolean;
  /** Node flags for the worker and API processes (a CPU profile, say). */
  nodeArgs?: (part: 'worker' | 'api') => readonly string[];
}

/** A complete, private stack: PostgreSQL, Temporal (SQLite), a worker process and the API in-process. */
export interface ChaosStack {
  db: Knex;
  client: Client;
  baseUrl: string;
  /** Customers, staff and the sandbox carrier, with this stack's keys. */
  callers: SandboxCallers;
  config: AppConfig;
  gate: TrafficGate;
  worker: WorkerSupervisor;
  dataDir: string;
  /** What the worker process was started with (database, Temporal, data folder). */
  env: NodeJS.ProcessEnv;
  /** Process ids of the servers, by part; the API's is absent when it runs in-process. */
  pids(): Record<'postgres' | 'temporal' | 'worker' | 'api', number | undefined>;
  /** Stops the Temporal dev server and starts it again on the same SQLite file and port. */
  restartTemporal(): Promise<void>;
  /** Stops PostgreSQL and starts it again on the same data folder and port. */
  restartPostgres(): Promise<void>;
  /** Stops everything it started; safe to call twice. */
  stop(): Promise<void>;
}

/** Polls `probe` until it resolves, for up to `timeoutMs`. */
async function until(what: string, probe: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await probe();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} did not come back: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * Brings up a stack of its own in a fresh data folder under data/chaos (never the data of `npm start` or of
 * the tests), on free ports. If any part fails to start, the parts already started are stopped.
 */
export async function startChaosStack(options: ChaosStackOptions): Promise<ChaosStack> {
  const { root, label, log } = options;
  const folder = options.folder ?? 'chaos';
  const dataDir = path.join(root, 'data', folder, label);
  // Pid files sit outside the folder wiped below, so that servers a killed run left behind are found.
  const runDir = path.join(root, 'data', folder, 'run');
  const pidFile = (name: string) => path.join(runDir, `${label}-${name}.pid`);
  for (const [name, signal] of [
    ['worker', 'SIGKILL'],
    ['api', 'SIGKILL'],
    ['postgres', 'SIGINT'],
    ['temporal', 'SIGTERM'],
  ] as const)
    await stopLeftover(pidFile(name), signal, log);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });

  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((error) => log(`stop failed: ${error}`));
  };
  try {
    const cliPath = await resolveTemporalCli(defaultToolsDir(root), log);
    const pgOptions = {
      dataDir: path.join(dataDir, 'postgres'),
      port: await freePort(),
      database: 'checkout',
      pidFile: pidFile('postgres'),
      logFile: path.join(dataDir, 'postgres.log'),
    };
    const temporalOptions = {
      cliPath,
      port: await freePort(),
      namespace: 'default',
      dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
      sqlitePragmas: options.sqlitePragmas,
      dynamicConfig: options.dynamicConfig,
      logFile: path.join(dataDir, 'temporal.log'),
      pidFile: pidFile('temporal'),
    };
    let [pg, temporal] = await startTogether<[EmbeddedPostgresHandle, DevServerHandle]>([
      () => startEmbeddedPostgres(pgOptions),
      () => startDevServer(temporalOptions),
    ]);
    stops.push(
      () => pg.stop(),
      () => temporal.stop(),
    );

    const env = { ...options.env, DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.address };
    // The worker process gets process.env too: the same master keys (or the same key file) for both.
    const masterKeys = options.env.PAYLOAD_MASTER_KEYS ?? process.env.PAYLOAD_MASTER_KEYS;
    const config = loadConfig({ ...env, DATA_DIR: dataDir, PAYLOAD_MASTER_KEYS: masterKeys }, root);
    // As createDb, but knex's warnings go to the run's log, without the one it gives for each pooled
    // connection the old server closed: the PostgreSQL restart is deliberate and reported as such.
    const db = knex({
      client: 'pg',
      connection: pg.url,
      pool: { min: 0, max: 10 },
      log: {
        warn: (message: string) => {
          if (!String(message).startsWith('Connection Error')) log(`knex: ${message}`);
        },
      },
    });
    stops.push(() => db.destroy());
    await migrateToLatest(db);
    await seed(db);
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    await ensureSearchAttributes(connection, config.temporal.namespace);
    // The worker process builds the same from the same data folder (its key file) and database.
    const { keys: payloadKeys, dataConverter } = await createPayloadEncryption(db, config.codec);
    const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter });

    const workerEnv = { ...process.env, ...env, DATA_DIR: dataDir };
    const worker = new WorkerSupervisor({
      root,
      env: workerEnv,
      pidFile: pidFile('worker'),
      logFile: path.join(dataDir, 'worker.log'),
      log,
      nodeArgs: options.nodeArgs?.('worker'),
    });
    stops.push(() => worker.stop());
    log('starting the worker (it bundles the workflows first)…');
    await worker.start();

    const credentials = await loadApiCredentials(config);
    const { tokens, webhookSenders, signingKey } = credentials;
    const callers = createSandboxCallers({ signingKey: signingKey!, audience: config.auth, webhookSenders });
    let port: number;
    let api: WorkerSupervisor | undefined;
    if (options.apiProcess) {
      port = await freePort();
      api = new WorkerSupervisor({
        root,
        env: { ...workerEnv, API_HOST: '127.0.0.1', API_PORT: String(port) },
        pidFile: pidFile('api'),
        logFile: path.join(dataDir, 'api.log'),
        log,
        entry: 'src/cli/api.ts',
        name: 'API',
        readyLine: 'API listening',
        nodeArgs: options.nodeArgs?.('api'),
      });
      stops.push(() => api!.stop());
      await api.start();
    } else {
      // Request lines go to the run's folder, beside the worker's log, not between the progress lines.
      const logger = createLogger('api', 'info', fs.createWriteStream(path.join(dataDir, 'api.log')));
      const app = createApp({ db, temporal: client, payloadKeys, config, tokens, webhookSenders, logger });
      const server: Server = app.listen(0, '127.0.0.1');
      await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
      stops.push(() => new Promise((resolve) => server.close(resolve)));
      port = (server.address() as AddressInfo).port;
    }
    const gate = new TrafficGate();

    return {
      db,
      client,
      baseUrl: `http://127.0.0.1:${port}`,
      callers,
      config,
      gate,
      worker,
      dataDir,
      env: workerEnv,
      pids: () => ({ postgres: pg.pid, temporal: temporal.pid, worker: worker.pid, api: api?.pid }),
      async restartTemporal() {
        const held = await gate.close();
        if (held > 0) log(`${held} request(s) still in flight as Temporal stops`);
        try {
          await temporal.stop();
          temporal = await startDevServer(temporalOptions);
          await until('Temporal', () => client.workflowService.getSystemInfo({}));
        } finally {
          gate.open();
        }
      },
      async restartPostgres() {
        const held = await gate.close();
        if (held > 0) log(`${held} request(s) still in flight as PostgreSQL stops`);
        try {
          await pg.stop();
          pg = await startEmbeddedPostgres(pgOptions);
          // The pool drops connections the old server closed; retry until a fresh one answers.
          await until('PostgreSQL', () => db.raw('SELECT 1'));
        } finally {
          gate.open();
        }
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
