import type { Client, ScheduleHandle } from '@temporalio/client';
import type { StockAlertsInput, stockAlerts } from '../../workflows/stock-alerts.workflow';
import { ensureIntervalSchedule } from './interval-schedule';
import { STOCK_ALERTS_SCHEDULE_ID } from './workflow-ids';

export interface StockAlertsScheduleOptions {
  taskQueue: string;
  /** How often a run starts, in milliseconds (Temporal rounds it to whole seconds). */
  intervalMs: number;
  args: StockAlertsInput;
  /** Defaults to {@link STOCK_ALERTS_SCHEDULE_ID}; tests pass their own. */
  scheduleId?: string;
}

/** Creates or updates the stock alerts Schedule; see {@link ensureIntervalSchedule}. */
export function ensureStockAlertsSchedule(
  client: Client,
  { taskQueue, intervalMs, args, scheduleId = STOCK_ALERTS_SCHEDULE_ID }: StockAlertsScheduleOptions,
): Promise<ScheduleHandle> {
  const workflowArgs: Parameters<typeof stockAlerts> = [args];
  return ensureIntervalSchedule(client, {
    scheduleId,
    workflowType: 'stockAlerts',
    taskQueue,
    intervalMs,
    args: workflowArgs,
  });
}
