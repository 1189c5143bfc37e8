import os from 'node:os';
import { Client } from '@temporalio/client';
import { loadConfig } from '../src/config';
import { freePort } from '../src/temporal/dev-server';
import { checkoutWorkflowId } from '../src/temporal/workflow-ids';
import { createBenchCatalog } from './bench-catalog';
import { ceiling, type CeilingFigures } from './ceiling-scenario';
import { createChaosCustomers } from './chaos-catalog';
import { ChaosHttp } from './chaos-http';
import { startChaosStack } from './chaos-stack';
import { WorkerSupervisor } from './chaos-worker';
import type { BenchFlags } from './checkout-flags';
import {
  hotSku,
  steady,
  waiting,
  type HotFigures,
  type WaitingFigures,
  SHIPPED_MARK,
} from './checkout-scenarios';
import type { CheckoutFigures } from './checkout-summary';
import { halfLoad, type HalfLoadFigures } from './half-load-scenario';
import { measure, type Measured } from './measure';
import { OrderWatcher } from './order-watcher';
import path from 'node:path';

/** Everything one benchmark run measured, as written to bench/results/<date>.json. */
export interface BenchResult {
  date: string;
  machine: { cpus: number; loadAverage: number[]; node: string };
  flags: Omit<BenchFlags, 'scenarios'> & { scenarios: string[] };
  settings: {
    sqlitePragmas: string[];
    dynamicConfig?: string[];
    worker: ReturnType<typeof loadConfig>['worker'];
  };
  /** A shipped-and-completed checkout's history: its events and activities. */
  history: { events: number; activities: number; byActivity: Record<string, number> } | null;
  steady?: Measured<CheckoutFigures>;
  ceiling4?: Measured<CeilingFigures>;
  ceilingAll?: Measured<CeilingFigures>;
  half?: Measured<HalfLoadFigures>;
  hot?: Measured<HotFigures>;
  waiting?: Measured<WaitingFigures>;
  ratios: {
    checkoutToCeiling4: number | null;
    checkoutToCeilingAll: number | null;
    hotToSteady: number | null;
  };
}

/** Where `--profile` leaves a part's `.cpuprofile` files (open them in Chrome's DevTools, or see the summary). */
export const profileDir = (root: string, part: string) => path.join(root, 'data', 'bench', 'profiles', part);

/** The saga steps up to `shipped` the ceiling mirrors: reserve, assess risk, charge, ship. */
const SAGA_STEPS = 4;
/** Activities of today's happy path (from the issue), when no checkout history was read. */
const FALLBACK_ACTIVITIES = 19;

const ratio = (a: number | undefined | null, b: number | undefined | null) =>
  a && b ? Math.round((a / b) * 100) / 100 : null;

/** Brings up a stack of its own, runs the chosen scenarios one after another, and stops it all. */
export async function runBenchmark(root: string, flags: BenchFlags, log: (line: string) => void) {
  const config = loadConfig(process.env, root);
  const sqlitePragmas = flags.sqlitePragmas ?? config.temporal.sqlitePragmas;
  const workerMetricsPort = await freePort();
  const ceilingMetricsPort = await freePort();
  const stack = await startChaosStack({
    root,
    label: 'checkout',
    folder: 'bench',
    env: { WORKER_METRICS_PORT: String(workerMetricsPort) },
    sqlitePragmas,
    dynamicConfig: config.temporal.dynamicConfig,
    apiProcess: true,
    log,
    nodeArgs: flags.profile ? (part) => ['--cpu-prof', '--cpu-prof-dir', profileDir(root, part)] : undefined,
  });
  const ceilingWorker = new WorkerSupervisor({
    root,
    env: { ...stack.env, WORKER_METRICS_PORT: String(ceilingMetricsPort) },
    pidFile: path.join(stack.dataDir, 'ceiling-worker.pid'),
    logFile: path.join(stack.dataDir, 'ceiling-worker.log'),
    log,
    entry: 'bench/ceiling-worker.ts',
    name: 'ceiling worker',
    readyLine: 'Ceiling worker polling',
  });
  const watcher = new OrderWatcher(stack.db).start();
  try {
    await ceilingWorker.start();
    const catalog = await createBenchCatalog(stack.db, flags.skus, flags.hotUnits);
    const customers = await createChaosCustomers(
      stack.db,
      flags.orders * 2 + 30 + (flags.halfOrders ?? 0) + flags.hotOrders + flags.waiting + flags.concurrency,
    );
    let nextCustomer = 0;
    const customer = () => customers[nextCustomer++ % customers.length]!;
    const ctx = { http: new ChaosHttp(stack.baseUrl, stack.gate, stack.callers), db: stack.db, watcher };
    const shape = { orders: flags.orders, concurrency: flags.concurrency, durationS: flags.durationS };
    const checkoutPids = () => stack.pids();
    const ceilingPids = () => ({ ...stack.pids(), worker: ceilingWorker.pid, api: undefined });
    const workerMetrics = `http://127.0.0.1:${workerMetricsPort}/metrics`;
    const ceilingMetrics = `http://127.0.0.1:${ceilingMetricsPort}/metrics`;
    // The bare workflows use the SDK's default converter: no codec, no database, Temporal alone.
    const bare = new Client({ connection: stack.client.connection, namespace: config.temporal.namespace });
    const result: BenchResult = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg(), node: process.version },
      flags: { ...flags, scenarios: [...flags.scenarios] },
      settings: {
        sqlitePragmas,
        dynamicConfig: config.temporal.dynamicConfig,
        worker: loadConfig(stack.env, root).worker,
      },
      history: null,
      ratios: { checkoutToCeiling4: null, checkoutToCeilingAll: null, hotToSteady: null },
    };
    const has = (name: string) => flags.scenarios.has(name);
    if (has('steady')) {
      result.steady = await measure(workerMetrics, checkoutPids, (mark) =>
        steady(ctx, catalog, customer, shape, 'steady', () => mark(SHIPPED_MARK)),
      );
      result.history = await readHistory(stack.client, stack.db);
    }
    if (has('ceiling')) {
      result.ceiling4 = await measure(ceilingMetrics, ceilingPids, () => ceiling(bare, SAGA_STEPS, shape));
      const activities = result.history?.activities ?? FALLBACK_ACTIVITIES;
      result.ceilingAll = await measure(ceilingMetrics, ceilingPids, () => ceiling(bare, activities, shape));
    }
    // Half the load the steady run carried, as a fixed arrival rate: the latency a shopper sees with room
    // to spare. Half load orders are delivered and confirmed too, so the maximum is the rate of whole
    // sagas (to completed), not the rate to shipped.
    const steadyMax = result.steady?.result.toCompleted ?? result.steady?.result.toShipped ?? 0;
    const halfRate = flags.halfRate ?? Math.round((steadyMax / 2) * 100) / 100;
    const halfOrders = flags.halfOrders ?? Math.max(30, Math.round(flags.orders / 2));
    if (has('half') && halfRate > 0)
      result.half = await measure(workerMetrics, checkoutPids, () =>
        halfLoad(ctx, catalog, customer, halfRate, halfOrders),
      );
    if (has('hot'))
      result.hot = await measure(workerMetrics, checkoutPids, () =>
        hotSku(ctx, catalog, customer, flags.hotOrders, flags.hotUnits),
      );
    if (has('waiting'))
      result.waiting = await measure(workerMetrics, checkoutPids, () =>
        waiting(ctx, catalog, customer, { ...shape, orders: flags.waiting, durationS: undefined }),
      );
    const steadyRate = result.steady?.result.toShipped;
    result.ratios = {
      checkoutToCeiling4: ratio(steadyRate, result.ceiling4?.result.perSecond),
      checkoutToCeilingAll: ratio(steadyRate, result.ceilingAll?.result.perSecond),
      hotToSteady: ratio(result.hot?.result.settledPerSecond, steadyRate),
    };
    return result;
  } finally {
    watcher.stop();
    await ceilingWorker.stop().catch((error) => log(`ceiling worker: ${error}`));
    await stack.stop();
  }
}

/** Events and activities in the history of one completed checkout: the profile's raw material. */
async function readHistory(client: Client, db: BenchDb): Promise<BenchResult['history']> {
  const row = await db('orders').where({ status: 'completed' }).first('id');
  if (!row) return null;
  const history = await client.workflow.getHandle(checkoutWorkflowId(row.id)).fetchHistory();
  const byActivity: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name) byActivity[name] = (byActivity[name] ?? 0) + 1;
  }
  const activities = Object.values(byActivity).reduce((sum, count) => sum + count, 0);
  return { events: history.events?.length ?? 0, activities, byActivity };
}

type BenchDb = Awaited<ReturnType<typeof startChaosStack>>['db'];
