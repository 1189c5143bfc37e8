import type { WorkerPlugin } from '@temporalio/worker';
import type { Knex } from 'knex';
import { serveApi } from '../api/serve';
import { loadApiCredentials, type ApiCredentials } from '../auth/api-credentials';
import { codecServerOptions } from '../codec/codec-places';
import { EncryptionCodec } from '../codec/encryption-codec';
import type { AppConfig } from '../config';
import { createLogger } from '../observability/logger';
import { ensureIntervalSchedule } from '../temporal/interval-schedule';
import { ensureStockAlertsSchedule } from '../temporal/stock-alerts-schedule';
import { RECONCILE_SCHEDULE_ID } from '../temporal/workflow-ids';
import type { reconcileOrders } from '../../workflows/reconcile.workflow';
import { createCheckoutWorker } from '../worker/create-worker';
import type { Stop, TemporalParts } from './bootstrap';

/**
 * Starts the worker and makes sure the stock alerts Schedule exists with the configured interval and
 * arguments; the worker's stop drains in-flight tasks before closing the connection.
 */
export async function startWorker(
  config: AppConfig,
  db: Knex,
  temporal: Pick<TemporalParts, 'address' | 'client' | 'dataConverter'>,
  stops: Stop[],
  plugins?: WorkerPlugin[],
): Promise<void> {
  const { worker, close } = await createCheckoutWorker({
    plugins,
    address: temporal.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    db,
    client: temporal.client,
    costPerKmPerUnit: config.checkout.costPerKmPerUnit,
    splitPenalty: config.checkout.splitPenalty,
    baseCurrency: config.commerce.baseCurrency,
    ...(config.checkout.wave ? { wave: config.checkout.wave } : {}),
    tuning: config.worker,
    sandbox: config.sandbox,
    dataConverter: temporal.dataConverter,
  });
  const running = worker.run();
  stops.push(async () => {
    // The SDK also reacts to SIGINT/SIGTERM itself, so the worker may already be draining.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await close();
  });
  const { intervalMs, lookbackDays, serviceLevel, leadTimeDays } = config.alerts;
  await ensureStockAlertsSchedule(temporal.client, {
    taskQueue: config.temporal.taskQueue,
    intervalMs,
    args: { lookbackDays, serviceLevel, leadTimeDays, costPerKmPerUnit: config.checkout.costPerKmPerUnit },
  });
  const reconcileArgs: Parameters<typeof reconcileOrders> = [
    { staleAfterMs: config.reconcile.staleAfterMs, limit: RECONCILE_BATCH },
  ];
  await ensureIntervalSchedule(temporal.client, {
    scheduleId: RECONCILE_SCHEDULE_ID,
    workflowType: 'reconcileOrders',
    taskQueue: config.temporal.taskQueue,
    intervalMs: config.reconcile.intervalMs,
    args: reconcileArgs,
  });
}

/** Orders one reconciliation pass looks at; the rest wait for the next pass. */
const RECONCILE_BATCH = 500;

/**
 * Serves the API on the configured host and port, with the codec server for the Temporal UI at /codec;
 * returns its base URL and how it checks callers. Its
 * stop (the first to run on SIGTERM, as the API starts last) turns readiness off at once and lets the
 * requests in flight finish.
 */
export async function startApi(
  config: AppConfig,
  db: Knex,
  temporal: Pick<TemporalParts, 'client' | 'payloadKeys'>,
  stops: Stop[],
): Promise<{ url: string; credentials: ApiCredentials }> {
  const credentials = await loadApiCredentials(config);
  const logger = createLogger('api', config.logLevel);
  const deps = {
    db,
    temporal: temporal.client,
    payloadKeys: temporal.payloadKeys,
    config,
    logger,
    ...credentials,
  };
  // The codec server decodes with the same codec and keys as the client and worker.
  const codecServer = codecServerOptions(config, new EncryptionCodec(temporal.payloadKeys));
  const api = await serveApi({ ...deps, codecServer }, config.api.host, config.api.port);
  stops.push(api.shutdown);
  return { url: api.url, credentials };
}
