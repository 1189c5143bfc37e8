import { mulberry32 } from '../src/algorithms/prng';
import { settleSandboxPayment } from '../src/payments/sandbox-payment-events';
import { createAuditor, type AuditReport, type Restock } from '../src/audit';
import { countInjectedFaults } from '../src/sandbox/fault-log';
import { createChaosCatalog, createChaosCustomers, HOT_RESTOCK } from './chaos-catalog';
import { OrderDriver, strangerRequests, type DriverContext } from './chaos-driver';
import { planFaults, runFaults, type FaultRecord } from './chaos-faults';
import { ChaosHttp, type HttpStats } from './chaos-http';
import { pickLines, pickScenario, SCENARIOS } from './chaos-scenarios';
import { settle, type SettleOutcome } from './chaos-settle';
import { startChaosStack } from './chaos-stack';

/** What a chaos run does; everything but the root has a default. */
export interface ChaosOptions {
  root: string;
  orders?: number;
  kills?: number;
  temporalRestarts?: number;
  postgresRestarts?: number;
  seed?: number;
  /** Orders driven at once. */
  concurrency?: number;
  /** Names the data folder (data/chaos/<label>), so that a test and the CLI never share one. */
  label?: string;
  /** Injected sandbox faults, as the worker's SANDBOX_* settings. */
  sandbox?: { failureRate: number; lostReplyRate: number };
  /** How long the driver waits for one order to reach a status. */
  waitTimeoutMs?: number;
  /** How long the run waits for every order to settle after the traffic. */
  settleTimeoutMs?: number;
  /** Deadline of each describe and query the audit makes. */
  probeTimeoutMs?: number;
  log?: (line: string) => void;
}

/** Everything a chaos run found; `passed` is false on any violation. */
export interface ChaosResult {
  passed: boolean;
  violations: string[];
  options: Required<Omit<ChaosOptions, 'root' | 'log'>>;
  startedAt: string;
  durationMs: number;
  faults: {
    events: FaultRecord[];
    workerKills: number;
    unplannedWorkerExits: number;
    temporalRestarts: number;
    postgresRestarts: number;
    /** Sandbox faults by adapter, operation and kind, from the fault log. */
    injected: Record<string, number>;
    injectedUnavailable: number;
    injectedLostReplies: number;
    /** tok_flaky's own transient failures, from the ledger's attempts column. */
    flakyCardOutages: number;
  };
  orders: {
    placed: number;
    byScenario: Record<string, number>;
    /** Final and waiting statuses, failures by type (e.g. `failed: OutOfStock`). */
    byOutcome: Record<string, number>;
    leftWaiting: number;
    driverNotes: { orderId: string; scenario: string; notes: string[] }[];
  };
  restocks: Restock[];
  http: HttpStats;
  settle: SettleOutcome;
  audit: AuditReport | null;
}

const DEFAULTS: Required<Omit<ChaosOptions, 'root' | 'log'>> = {
  orders: 200,
  kills: 3,
  temporalRestarts: 1,
  postgresRestarts: 1,
  seed: 20261122,
  concurrency: 24,
  label: 'cli',
  sandbox: { failureRate: 0.2, lostReplyRate: 0.05 },
  waitTimeoutMs: 90_000,
  settleTimeoutMs: 180_000,
  probeTimeoutMs: 20_000,
};

/**
 * Runs N checkouts on a real stack of its own while breaking things (worker SIGKILLs, a Temporal and a
 * PostgreSQL restart, the sandbox's transient failures and lost replies), waits for every order to settle,
 * then audits stock, money, states and histories. Everything it starts is stopped, also on failure.
 */
export async function runChaos(input: ChaosOptions): Promise<ChaosResult> {
  const options = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[])
    if (input[key] !== undefined) Object.assign(options, { [key]: input[key] });
  const { root, log = () => undefined } = input;
  const startedAt = Date.now();
  const stamp = (line: string) =>
    log(`[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const rng = mulberry32(options.seed);

  stamp(`starting a stack of its own in data/chaos/${options.label}…`);
  const stack = await startChaosStack({
    root,
    label: options.label,
    log: stamp,
    env: {
      SANDBOX_FAILURE_RATE: String(options.sandbox.failureRate),
      SANDBOX_LOST_REPLY_RATE: String(options.sandbox.lostReplyRate),
      REVIEW_TIMEOUT: '5s',
      // Asynchronous payments and retries after a decline settle within seconds, like the other waits.
      PAYMENT_RETRY_WINDOW: '3s',
      PAYMENT_DEADLINE_CARD: '5s',
      PAYMENT_DEADLINE_WALLET: '5s',
      PAYMENT_DEADLINE_BANK_TRANSFER: '5s',
      AUTO_CONFIRM_AFTER: '3s',
      RETURN_WINDOW: '5s',
      LOG_LEVEL: 'warn',
    },
  });
  try {
    const catalog = await createChaosCatalog(stack.db);
    const customers = await createChaosCustomers(stack.db, options.orders);
    const auditor = createAuditor({ db: stack.db, temporal: stack.client });
    const snapshot = await auditor.snapshotInventory();
    const http = new ChaosHttp(stack.baseUrl, stack.gate, stack.callers);
    const ctx: DriverContext = {
      http,
      catalog,
      rng,
      placed: [],
      waitTimeoutMs: options.waitTimeoutMs,
      // The customer completing a payment on the provider's side (the provider's ledger changes first).
      settlePayment: (reference) => settleSandboxPayment(stack.db, reference, 'authorized'),
    };
    const restocks: Restock[] = [];

    let launched = 0;
    let finished = 0;
    let trafficDone = false;
    // Orders finished, not launched: with many orders in flight, launches run far ahead of the saga.
    const progress = () => finished / options.orders;
    const faults = runFaults(
      planFaults(rng, {
        kills: options.kills,
        temporalRestarts: options.temporalRestarts,
        postgresRestarts: options.postgresRestarts,
      }),
      { stack, rng, progress, trafficDone: () => trafficDone, startedAt, log: stamp },
    );

    stamp(`driving ${options.orders} orders, ${options.concurrency} at a time`);
    const drivers: { driver: OrderDriver; scenario: string }[] = [];
    const driverErrors: string[] = [];
    await strangerRequests(http, rng);
    const lane = async () => {
      while (launched < options.orders) {
        const index = launched++;
        // Each order draws from a source of its own, so the scenario mix does not depend on timing.
        const own = mulberry32(options.seed * 7_919 + index);
        const scenario = pickScenario(own);
        const driver = new OrderDriver({ ...ctx, rng: own }, customers[index]!);
        drivers.push({ driver, scenario });
        if (index === Math.floor(options.orders / 2)) {
          const { warehouseId, quantity } = HOT_RESTOCK;
          const response = await http.send('PUT', `/v1/inventory/${warehouseId}/${catalog.hot}`, {
            quantity,
          });
          if (response.status === 200) restocks.push({ warehouseId, sku: catalog.hot, quantity });
          await strangerRequests(http, own);
        }
        await SCENARIOS[scenario]!.run(driver, pickLines(own, catalog), own).catch((error: Error) => {
          driverErrors.push(`${scenario} ${driver.orderId}: ${error.stack ?? error.message}`);
        });
        finished += 1;
        if (finished % 25 === 0) stamp(`${finished} orders driven`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.orders) }, lane));
    trafficDone = true;
    stamp('traffic done; waiting for the remaining faults');
    const events = await faults;
    await stack.worker.settled();

    stamp('waiting for every order to settle');
    const settled = await settle(
      { db: stack.db, client: stack.client, drivers: drivers.map((d) => d.driver), log: stamp },
      options.settleTimeoutMs,
    );
    stamp(`settled: ${settled.settled} after ${Math.round(settled.waitedMs / 1000)} s; auditing`);
    const placed = drivers.map((d) => d.driver.orderId).filter(Boolean);
    const audit = await auditor.audit({
      orderIds: placed,
      snapshot,
      restocks,
      probeTimeoutMs: options.probeTimeoutMs,
    });

    const injected = await countInjectedFaults(stack.db);
    const sumOf = (kind: string) =>
      Object.entries(injected)
        .filter(([key]) => key.endsWith(`:${kind}`))
        .reduce((sum, [, n]) => sum + n, 0);
    const flaky = await stack
      .db('sandbox_payment_operations')
      .where({ kind: 'charge' })
      .andWhere('attempts', '>', 1)
      .sum({ outages: stack.db.raw('attempts - 1') })
      .first();
    const outcomeRows: { status: string; failure_type: string | null; n: string }[] = await stack
      .db('orders')
      .whereIn('id', placed)
      .groupBy('status', 'failure_type')
      .select('status', stack.db.raw("failure->>'type' as failure_type"))
      .count({ n: '*' });
    // Summed, not mapped: a completed order may carry a failure type too (a refused refund, say).
    const byOutcome: Record<string, number> = {};
    for (const r of outcomeRows) {
      const key = r.status === 'failed' && r.failure_type ? `failed: ${r.failure_type}` : r.status;
      byOutcome[key] = (byOutcome[key] ?? 0) + Number(r.n);
    }

    const result: ChaosResult = {
      passed: false,
      violations: [],
      options,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
      faults: {
        events,
        workerKills: stack.worker.kills,
        unplannedWorkerExits: stack.worker.unplannedExits,
        temporalRestarts: events.filter((e) => e.kind === 'restart-temporal').length,
        postgresRestarts: events.filter((e) => e.kind === 'restart-postgres').length,
        injected,
        injectedUnavailable: sumOf('unavailable'),
        injectedLostReplies: sumOf('lost_reply'),
        flakyCardOutages: Number(flaky?.outages ?? 0),
      },
      orders: {
        placed: placed.length,
        byScenario: countBy(drivers.map((d) => d.scenario)),
        byOutcome,
        leftWaiting: drivers.filter((d) => d.driver.leftWaiting).length,
        driverNotes: drivers
          .filter((d) => d.driver.notes.length > 0)
          .map((d) => ({ orderId: d.driver.orderId, scenario: d.scenario, notes: d.driver.notes })),
      },
      restocks,
      http: http.stats,
      settle: settled,
      audit,
    };
    result.violations = violationsOf(result, driverErrors);
    result.passed = result.violations.length === 0;
    return result;
  } finally {
    stamp('stopping the stack');
    await stack.stop();
  }
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Every way the run can fail, one line each. */
function violationsOf(result: ChaosResult, driverErrors: string[]): string[] {
  const found: string[] = [];
  const { http, faults, options } = result;
  for (const invariant of result.audit?.invariants ?? [])
    if (!invariant.passed)
      found.push(`invariant ${invariant.name}: ${invariant.violationCount} violation(s)`);
  if (http.serverErrors > 0) found.push(`${http.serverErrors} request(s) answered with a 5xx`);
  if (http.hostileAccepted > 0) found.push(`${http.hostileAccepted} hostile request(s) accepted`);
  if (http.noAnswer > 0) found.push(`${http.noAnswer} request(s) got no answer`);
  if (!result.settle.settled) found.push(`${result.settle.unsettled.length} order(s) never settled`);
  if (faults.unplannedWorkerExits > 0)
    found.push(`the worker died on its own ${faults.unplannedWorkerExits} time(s)`);
  if (faults.workerKills < options.kills)
    found.push(`only ${faults.workerKills} of ${options.kills} worker kills happened`);
  for (const error of driverErrors) found.push(`driver error: ${error.split('\n')[0]}`);
  return found;
}
