import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleHandle,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
} from '@temporalio/client';
import type { StockAlertsInput, stockAlerts } from '../../workflows/stock-alerts.workflow';
import { STOCK_ALERTS_SCHEDULE_ID } from './workflow-ids';

export interface StockAlertsScheduleOptions {
  taskQueue: string;
  /** How often a run starts, in milliseconds (Temporal rounds it to whole seconds). */
  intervalMs: number;
  args: StockAlertsInput;
  /** Defaults to {@link STOCK_ALERTS_SCHEDULE_ID}; tests pass their own. */
  scheduleId?: string;
}

// A run that cannot finish (say the database is down) must not hold off later ones forever under SKIP.
const MIN_RUN_TIMEOUT_MS = 10 * 60_000;

/**
 * Creates the stock alerts Schedule, or brings an existing one up to date with the given interval, task
 * queue and arguments, so every worker start may call it and config changes apply. Runs never overlap: a
 * run due while the previous one is still going is skipped. Each run's workflow id is the schedule id plus
 * the scheduled time, which Temporal appends.
 */
export async function ensureStockAlertsSchedule(
  client: Client,
  { taskQueue, intervalMs, args, scheduleId = STOCK_ALERTS_SCHEDULE_ID }: StockAlertsScheduleOptions,
): Promise<ScheduleHandle> {
  if (!Number.isFinite(intervalMs) || intervalMs < 1000) {
    throw new Error(`intervalMs must be at least one second, got ${intervalMs}`);
  }
  const spec: ScheduleSpec = { intervals: [{ every: intervalMs }] };
  const action: ScheduleOptionsStartWorkflowAction<typeof stockAlerts> = {
    type: 'startWorkflow',
    workflowType: 'stockAlerts',
    workflowId: scheduleId,
    taskQueue,
    args: [args],
    workflowRunTimeout: Math.max(intervalMs, MIN_RUN_TIMEOUT_MS),
  };
  const overlap = ScheduleOverlapPolicy.SKIP;
  try {
    return await client.schedule.create({ scheduleId, spec, action, policies: { overlap } });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(scheduleId);
  await handle.update<typeof stockAlerts>((previous) => ({
    ...previous,
    spec,
    action,
    policies: { ...previous.policies, overlap },
  }));
  return handle;
}
