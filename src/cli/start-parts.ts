import type { Server } from 'node:http';
import type { WorkerPlugin } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createApp } from '../api/app';
import { loadApiCredentials, type ApiCredentials } from '../auth/api-credentials';
import type { AppConfig } from '../config';
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

/** Serves the API on the configured host and port; returns its base URL and how it checks callers. */
export async function startApi(
  config: AppConfig,
  db: Knex,
  temporal: Pick<TemporalParts, 'client' | 'payloadKeys'>,
  stops: Stop[],
): Promise<{ url: string; credentials: ApiCredentials }> {
  const credentials = await loadApiCredentials(config);
  const deps = { db, temporal: temporal.client, payloadKeys: temporal.payloadKeys, config, ...credentials };
  const server: Server = createApp(deps).listen(config.api.port, config.api.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://${config.api.host}:${config.api.port}`, credentials };
}
