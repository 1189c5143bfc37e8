import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions, type WorkerPlugin } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../../activities';
import type { WaveSettings } from '../../activities/reservation-wave';
import type { PaymentProvider } from '../payments/payment-provider';
import { SandboxPaymentProvider } from '../payments/sandbox-payment-provider';
import { SandboxCarrier } from '../shipping/sandbox-carrier';
import type { SandboxFaults } from '../sandbox/fault-injector';
import { SHIPPED_RISK_MODEL } from '../algorithms/shipped-risk-model';
import { DEFAULT_COMMERCE, type AppConfig } from '../config';
import { appMetrics } from '../observability/app-metrics';
import { workerTuning } from './worker-tuning';

export interface CheckoutWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  db: Knex;
  /** A client on the same cluster, for activities that read workflow runs (the reconciler). */
  client: Client;
  costPerKmPerUnit: number;
  /** Cache, concurrency and pollers (config.worker); the knex pool is sized to its activity concurrency. */
  tuning?: AppConfig['worker'];
  /** Cost units per extra parcel of a split order (config.checkout.splitPenalty); 0 when omitted. */
  splitPenalty?: number;
  /** The currency risk works in (config.commerce.baseCurrency); USD when omitted. */
  baseCurrency?: string;
  /** Allocate optimal orders in waves (config.checkout.wave); each alone when omitted. */
  wave?: WaveSettings;
  /**
   * Transient faults the sandbox provider and carrier inject, and how long the provider holds an
   * authorization (config.sandbox); no faults and seven days when omitted.
   */
  sandbox?: SandboxFaults & { authorizationTtlMs?: number };
  /** Another payment provider than the sandbox's (tests wrap the sandbox to reorder its replies). */
  paymentProvider?: (db: Knex) => PaymentProvider;
  /** A pre-built workflow bundle (tests build one per run); otherwise the worker bundles at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** The app's one data converter (src/codec): payloads are encrypted in history. */
  dataConverter: DataConverter;
  /** SDK plugins, such as OpenTelemetry tracing (src/observability/tracing.ts). */
  plugins?: WorkerPlugin[];
}

/** The path the worker bundles workflows from. */
export const WORKFLOWS_PATH = require.resolve('../../workflows');

/** Builds a worker with the sandbox payment provider and carrier. Run it with `worker.run()`. */
export async function createCheckoutWorker(
  options: CheckoutWorkerOptions,
): Promise<{ worker: Worker; close(): Promise<void> }> {
  const connection = await NativeConnection.connect({ address: options.address });
  const activities = createActivities({
    db: options.db,
    temporal: options.client,
    payments:
      options.paymentProvider?.(options.db) ??
      new SandboxPaymentProvider(options.db, {
        faults: options.sandbox,
        ...(options.sandbox?.authorizationTtlMs
          ? { authorizationTtlMs: options.sandbox.authorizationTtlMs }
          : {}),
      }),
    carrier: new SandboxCarrier(options.db, { faults: options.sandbox }),
    riskModel: SHIPPED_RISK_MODEL,
    allocation: {
      costPerKmPerUnit: options.costPerKmPerUnit,
      splitPenalty: options.splitPenalty ?? 0,
      ...(options.wave ? { wave: options.wave } : {}),
    },
    metrics: appMetrics(),
    baseCurrency: options.baseCurrency ?? DEFAULT_COMMERCE.baseCurrency,
  });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    dataConverter: options.dataConverter,
    plugins: options.plugins,
    ...(options.tuning ? workerTuning(options.tuning) : {}),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
  });
  return { worker, close: () => connection.close() };
}
