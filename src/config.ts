import path from 'node:path';
import { z } from 'zod';
import { duration, ms } from './config-fields';
import { httpSettings, toHttpConfig, type HttpConfig } from './http-config';
import { parseMasterKeys } from './codec/master-keys';
import { parseAutoApproveLimits } from './domain/refund-applications';
import { isKnownCurrency } from './domain/money';

/** The dev server's default dynamic config (TEMPORAL_DYNAMIC_CONFIG): eager activity dispatch. */
export const DEV_SERVER_DYNAMIC_CONFIG = 'system.enableActivityEagerExecution=true';

const port = z.coerce.number().int().min(1).max(65535);
// A rate of injected sandbox faults: at most 0.9, so that every call still gets through eventually.
const faultRate = z.coerce.number().min(0).max(0.9).default(0);
const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** Every environment variable the app reads, with its default. docker-compose.yml uses the same names. */
export const configSchema = z.object({
  DATA_DIR: z.string().default('data'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(3000),
  DATABASE_URL: optionalUrl.pipe(z.url({ message: 'must be a postgres:// URL' }).optional()),
  EMBEDDED_POSTGRES_PORT: port.default(54329),
  /** Connections per process; empty means the worker's activity concurrency plus API headroom. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(1000).optional(),
  /** Longest a single SQL statement of the app may run before PostgreSQL cancels it. */
  DATABASE_STATEMENT_TIMEOUT: duration.default('60s'),
  WORKER_ACTIVITY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(20),
  /**
   * Workflow runs a worker keeps in memory. An evicted run is rebuilt from its history when its next message
   * comes, which a checkout waiting days for a carrier can afford. The SDK's default grows with the heap
   * limit (2,311 runs on a 24 GiB machine), and took a worker past 1.2 GB with 2,000 orders waiting on
   * delivery; 500 still peaked at 1.2 GB with 10,000, and 250 (with the heap below at 512) at 1.02 GB
   * (see README, Performance). 0 disables the cache.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(150),
  /**
   * Heap limit of the worker's workflow thread, in MB (see capWorkflowThreadHeap): V8 lets garbage grow
   * toward its limit before collecting, and Node's default limit is a share of the machine (4 GiB here).
   * Keep it well above what the cached runs hold. 0: Node's default.
   */
  WORKER_WORKFLOW_HEAP_MB: z.coerce.number().int().min(0).max(65_536).default(384),
  /** Workflow tasks a worker runs at once; empty: the SDK's default. */
  WORKER_WORKFLOW_CONCURRENCY: z.coerce.number().int().min(2).max(1000).optional(),
  /** Pollers per task type (workflow and activity); empty: the SDK's default. */
  WORKER_POLLERS: z.coerce.number().int().min(1).max(100).optional(),
  /** Port of the worker's Prometheus `/metrics` (SDK and app series); empty: none. */
  WORKER_METRICS_PORT: port.optional(),
  TEMPORAL_ADDRESS: optionalUrl,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('checkout'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: optionalUrl,
  /**
   * `--sqlite-pragma` values for the dev server's SQLite file, comma separated. WAL with synchronous=normal
   * by default: about five times the throughput; a power cut may lose the last commits (see README).
   */
  TEMPORAL_SQLITE_PRAGMAS: z
    .string()
    .default('journal_mode=wal,synchronous=normal')
    .transform((value) =>
      value
        .split(',')
        .map((pragma) => pragma.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z_]+=[a-z0-9_]+$/i, 'must be name=value pairs separated by commas'))),
  /** How long Temporal keeps a closed run readable, for the namespace the app registers on a cluster. */
  /**
   * `--dynamic-config-value` settings for the dev server, comma separated KEY=JSON. Eager activity
   * dispatch by default: the server hands an activity to the worker in its answer to the workflow task that
   * scheduled it, instead of through the task queue (one round trip less per activity).
   */
  TEMPORAL_DYNAMIC_CONFIG: z
    .string()
    .default(DEV_SERVER_DYNAMIC_CONFIG)
    .transform((value) =>
      value
        .split(',')
        .map((setting) => setting.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[\w.]+=.+$/, 'each setting is KEY=JSON'))),
  TEMPORAL_RETENTION: duration.default('7 days'),
  /** Cluster mode (also `npm start -- --cluster`): the Temporal server on PostgreSQL, the UI server, N workers. */
  CLUSTER_MODE: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((value) => value === 'true' || value === '1'),
  /** Worker processes that cluster mode starts, all polling the one task queue. */
  CLUSTER_WORKERS: z.coerce.number().int().min(1).max(32).default(2),
  REVIEW_TIMEOUT: duration.default('24 hours'),
  AUTO_CONFIRM_AFTER: duration.default('7 days'),
  RETURN_WINDOW: duration.default('30 days'),
  DELIVERY_SLA: duration.default('14 days'),
  /** How long a refund application waits for support before it escalates (NeedsAttention). */
  REFUND_DECISION_SLA: duration.default('48 hours'),
  /** Returns refunding at most this much (minor units, per currency) are approved without a person. */
  REFUND_AUTO_APPROVE_LIMITS: z
    .string()
    .default('USD:5000,EUR:5000,GBP:4000,JPY:700000')
    .superRefine((value, ctx) => {
      try {
        parseAutoApproveLimits(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  /** How long an order waits for an asynchronous payment's result before asking the provider, per method. */
  PAYMENT_DEADLINE_CARD: duration.default('15 minutes'),
  PAYMENT_DEADLINE_WALLET: duration.default('1 hour'),
  PAYMENT_DEADLINE_BANK_TRANSFER: duration.default('3 days'),
  /** How long a customer may pay another way after a decline, before the order is cancelled. */
  PAYMENT_RETRY_WINDOW: duration.default('1 hour'),
  /** How long the sandbox provider holds an authorization (card networks commonly hold seven days). */
  SANDBOX_AUTHORIZATION_TTL: duration.default('7 days'),
  /** History events after which a quiet checkout run continues as new (below Temporal's own limits). */
  HISTORY_EVENTS_LIMIT: z.coerce.number().int().min(100).max(50_000).default(1_500),
  /** The currency risk thresholds and velocity sums are in; each order converts at the rate stored with it. */
  BASE_CURRENCY: z.string().default('USD').refine(isKnownCurrency, 'must be an ISO 4217 code such as "USD"'),
  /** A cart untouched this long expires (it answers 410 and cannot be checked out). */
  CART_IDLE_TIMEOUT: duration.default('7 days'),
  ALLOCATION_STRATEGY: z.enum(['nearest', 'optimal']).default('optimal'),
  ALLOCATION_COST_PER_KM: z.coerce.number().min(0).default(0.1),
  /** Cost units charged per extra parcel when an order is split (on top of each warehouse's parcel_cost). */
  ALLOCATION_SPLIT_PENALTY: z.coerce.number().min(0).max(1e6).default(25),
  /** `wave` allocates optimal orders arriving within ALLOCATION_WAVE_WINDOW together; `order`, one at a time. */
  ALLOCATION_MODE: z.enum(['order', 'wave']).default('order'),
  ALLOCATION_WAVE_WINDOW: duration.default('2s'),
  ALLOCATION_WAVE_MAX_ORDERS: z.coerce.number().int().min(2).max(500).default(50),
  ALERTS_INTERVAL: duration.default('1 hour'),
  RECONCILE_INTERVAL: duration.default('10 minutes'),
  RECONCILE_STALE_AFTER: duration.default('10 minutes'),
  ALERTS_LOOKBACK_DAYS: z.coerce.number().int().min(2).default(28),
  ALERTS_SERVICE_LEVEL: z.coerce.number().gt(0.5).lt(1).default(0.95),
  ALERTS_LEAD_TIME_DAYS: z.coerce.number().int().min(1).default(3),
  /** Bearer tokens must carry this issuer and audience. */
  AUTH_ISSUER: z.string().min(1).default('checkout-saga'),
  AUTH_AUDIENCE: z.string().min(1).default('checkout-api'),
  /** An identity provider's JWKS: tokens are verified against it, and no local signing key is made. */
  AUTH_JWKS_URL: optionalUrl.pipe(z.url({ message: 'must be an https:// URL' }).optional()),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** OpenTelemetry traces (API request → workflow → activity): none, printed (console) or sent (otlp). */
  TRACING_EXPORTER: z.enum(['none', 'console', 'otlp']).default('none'),
  /** Where OTLP traces go (http/protobuf); empty: the exporter's default, http://localhost:4318/v1/traces. */
  TRACING_OTLP_URL: optionalUrl,
  /** Share of sandbox provider and carrier calls that fail transiently before doing anything. */
  SANDBOX_FAILURE_RATE: faultRate,
  /** Share of sandbox calls that do their work, then fail as if the reply was lost. */
  SANDBOX_LOST_REPLY_RATE: faultRate,
  ...httpSettings,
  /**
   * Master keys that wrap the payload codec's data keys, `id:base64` separated by commas, current first.
   * Empty: a key file generated under the data folder on first use.
   */
  PAYLOAD_MASTER_KEYS: optionalUrl.superRefine((value, ctx) => {
    const problem = value === undefined ? null : masterKeysProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

function masterKeysProblem(value: string): string | null {
  try {
    parseMasterKeys(value);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

type RawConfig = z.infer<typeof configSchema>;

/** Connections kept for the API's own queries when it shares a process (and pool) with the worker. */
const API_POOL_HEADROOM = 5;

/** The one typed configuration object, read once at start and passed down. */
export interface AppConfig {
  dataDir: string;
  api: { host: string; port: number };
  database: { url: string | undefined; embeddedPort: number; poolMax: number; statementTimeoutMs: number };
  worker: {
    activityConcurrency: number;
    maxCachedWorkflows?: number;
    workflowHeapMb?: number;
    workflowConcurrency?: number;
    pollers?: number;
    metricsPort?: number;
  };
  temporal: {
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    devServerPort: number;
    uiPort: number;
    uiUrl: string | undefined;
    sqlitePragmas: string[];
    dynamicConfig: string[];
    retentionMs: number;
  };
  /** Cluster mode: see README, "Cluster mode". */
  cluster: { enabled: boolean; workers: number };
  checkout: {
    reviewTimeoutMs: number;
    autoConfirmAfterMs: number;
    returnWindowMs: number;
    deliverySlaMs: number;
    refundDecisionSlaMs: number;
    /** Auto-approval limits of refund applications that return goods, minor units per currency. */
    refundAutoApproveLimits: Record<string, number>;
    paymentDeadlineMs: { card: number; wallet: number; bank_transfer: number };
    paymentRetryWindowMs: number;
    historyLimit: number;
    allocationStrategy: RawConfig['ALLOCATION_STRATEGY'];
    costPerKmPerUnit: number;
    splitPenalty: number;
    /** Waves of optimal orders (ALLOCATION_MODE=wave); undefined allocates each order alone. */
    wave?: { windowMs: number; maxOrders: number };
  };
  /** Multi-currency and carts: see README, "Currencies and rates" and "Carts". */
  commerce: CommerceConfig;
  alerts: { intervalMs: number; lookbackDays: number; serviceLevel: number; leadTimeDays: number };
  reconcile: { intervalMs: number; staleAfterMs: number };
  /** Faults the sandbox payment provider and carrier inject, like flaky real ones; none by default. */
  sandbox: { failureRate: number; lostReplyRate: number; authorizationTtlMs: number };
  auth: { issuer: string; audience: string; jwksUrl: string | undefined };
  logLevel: RawConfig['LOG_LEVEL'];
  tracing: { exporter: RawConfig['TRACING_EXPORTER']; otlpUrl: string | undefined };
  /** The API's abuse controls and time limits; see src/http-config.ts. */
  http: HttpConfig;
  /** The payload codec's master keys (PAYLOAD_MASTER_KEYS); undefined: the key file under dataDir. */
  codec: { masterKeys: string | undefined; dataDir: string };
}

/** The base currency (BASE_CURRENCY) and how long an idle cart lives (CART_IDLE_TIMEOUT). */
export interface CommerceConfig {
  baseCurrency: string;
  cartIdleTimeoutMs: number;
}

/** What the API and worker use when they are given no commerce settings (tests, scripts). */
export const DEFAULT_COMMERCE: CommerceConfig = { baseCurrency: 'USD', cartIdleTimeoutMs: 7 * 86_400_000 };

/** Thrown when the environment holds a bad setting; the message names each one. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment and builds the config, failing fast with the names of bad settings. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const raw = parsed.data;
  // Every running activity may hold a connection (reservations lock rows for their transaction), so a
  // pool smaller than the activity concurrency would make activities queue for connections and time out.
  if (raw.DATABASE_POOL_MAX !== undefined && raw.DATABASE_POOL_MAX < raw.WORKER_ACTIVITY_CONCURRENCY) {
    throw new ConfigError(
      `Invalid configuration:\n  DATABASE_POOL_MAX: must be at least WORKER_ACTIVITY_CONCURRENCY (${raw.WORKER_ACTIVITY_CONCURRENCY})`,
    );
  }
  return {
    dataDir: path.resolve(cwd, raw.DATA_DIR),
    api: { host: raw.API_HOST, port: raw.API_PORT },
    database: {
      url: raw.DATABASE_URL,
      embeddedPort: raw.EMBEDDED_POSTGRES_PORT,
      poolMax: raw.DATABASE_POOL_MAX ?? raw.WORKER_ACTIVITY_CONCURRENCY + API_POOL_HEADROOM,
      statementTimeoutMs: ms(raw.DATABASE_STATEMENT_TIMEOUT),
    },
    worker: {
      activityConcurrency: raw.WORKER_ACTIVITY_CONCURRENCY,
      maxCachedWorkflows: raw.WORKER_MAX_CACHED_WORKFLOWS,
      workflowHeapMb: raw.WORKER_WORKFLOW_HEAP_MB,
      workflowConcurrency: raw.WORKER_WORKFLOW_CONCURRENCY,
      pollers: raw.WORKER_POLLERS,
      metricsPort: raw.WORKER_METRICS_PORT,
    },
    temporal: {
      address: raw.TEMPORAL_ADDRESS,
      namespace: raw.TEMPORAL_NAMESPACE,
      taskQueue: raw.TEMPORAL_TASK_QUEUE,
      devServerPort: raw.TEMPORAL_PORT,
      uiPort: raw.TEMPORAL_UI_PORT,
      uiUrl: raw.TEMPORAL_UI_URL,
      sqlitePragmas: raw.TEMPORAL_SQLITE_PRAGMAS,
      dynamicConfig: raw.TEMPORAL_DYNAMIC_CONFIG,
      retentionMs: ms(raw.TEMPORAL_RETENTION),
    },
    cluster: { enabled: raw.CLUSTER_MODE, workers: raw.CLUSTER_WORKERS },
    checkout: {
      reviewTimeoutMs: ms(raw.REVIEW_TIMEOUT),
      autoConfirmAfterMs: ms(raw.AUTO_CONFIRM_AFTER),
      returnWindowMs: ms(raw.RETURN_WINDOW),
      deliverySlaMs: ms(raw.DELIVERY_SLA),
      refundDecisionSlaMs: ms(raw.REFUND_DECISION_SLA),
      refundAutoApproveLimits: parseAutoApproveLimits(raw.REFUND_AUTO_APPROVE_LIMITS),
      paymentDeadlineMs: {
        card: ms(raw.PAYMENT_DEADLINE_CARD),
        wallet: ms(raw.PAYMENT_DEADLINE_WALLET),
        bank_transfer: ms(raw.PAYMENT_DEADLINE_BANK_TRANSFER),
      },
      paymentRetryWindowMs: ms(raw.PAYMENT_RETRY_WINDOW),
      historyLimit: raw.HISTORY_EVENTS_LIMIT,
      allocationStrategy: raw.ALLOCATION_STRATEGY,
      costPerKmPerUnit: raw.ALLOCATION_COST_PER_KM,
      splitPenalty: raw.ALLOCATION_SPLIT_PENALTY,
      ...(raw.ALLOCATION_MODE === 'wave'
        ? { wave: { windowMs: ms(raw.ALLOCATION_WAVE_WINDOW), maxOrders: raw.ALLOCATION_WAVE_MAX_ORDERS } }
        : {}),
    },
    commerce: { baseCurrency: raw.BASE_CURRENCY, cartIdleTimeoutMs: ms(raw.CART_IDLE_TIMEOUT) },
    reconcile: { intervalMs: ms(raw.RECONCILE_INTERVAL), staleAfterMs: ms(raw.RECONCILE_STALE_AFTER) },
    alerts: {
      intervalMs: ms(raw.ALERTS_INTERVAL),
      lookbackDays: raw.ALERTS_LOOKBACK_DAYS,
      serviceLevel: raw.ALERTS_SERVICE_LEVEL,
      leadTimeDays: raw.ALERTS_LEAD_TIME_DAYS,
    },
    sandbox: {
      failureRate: raw.SANDBOX_FAILURE_RATE,
      lostReplyRate: raw.SANDBOX_LOST_REPLY_RATE,
      authorizationTtlMs: ms(raw.SANDBOX_AUTHORIZATION_TTL),
    },
    auth: { issuer: raw.AUTH_ISSUER, audience: raw.AUTH_AUDIENCE, jwksUrl: raw.AUTH_JWKS_URL },
    logLevel: raw.LOG_LEVEL,
    tracing: { exporter: raw.TRACING_EXPORTER, otlpUrl: raw.TRACING_OTLP_URL },
    http: toHttpConfig(raw),
    codec: { masterKeys: raw.PAYLOAD_MASTER_KEYS, dataDir: path.resolve(cwd, raw.DATA_DIR) },
  };
}
