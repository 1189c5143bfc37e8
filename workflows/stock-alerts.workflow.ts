import { ApplicationFailure, log, workflowInfo } from '@temporalio/workflow';
import {
  buildStockSites,
  computeStockAlerts,
  validateParameters,
  type StockAlertReport,
} from '../src/algorithms/stock-alerts';
import { FailureType } from '../src/domain/failure-types';
import { ACTIVITY_OPTIONS, activityRunner } from './checkout.activities';

/** What one stock alerts run looks at; the Schedule passes config.alerts and the allocation cost per km. */
export interface StockAlertsInput {
  lookbackDays: number;
  serviceLevel: number;
  leadTimeDays: number;
  costPerKmPerUnit: number;
}

/** Counts of what a run wrote. */
export interface StockAlertsResult {
  runId: string;
  asOf: string;
  alerts: number;
  critical: number;
  warning: number;
  proposals: number;
  unmetUnits: number;
}

// Reading a whole catalog's sales takes longer than a checkout step may.
const run = activityRunner({ ...ACTIVITY_OPTIONS, startToCloseTimeout: '2 minutes' });

/**
 * Stock alerts: loads daily sales and stock, forecasts demand and computes alerts and rebalancing
 * proposals here in the workflow (pure code), then records them. Proposals are only recorded, never applied.
 * Bad input or an impossible snapshot fails this run for good, so the Schedule's next run is not blocked.
 */
export async function stockAlerts(input: StockAlertsInput): Promise<StockAlertsResult> {
  const { lookbackDays, serviceLevel, leadTimeDays, costPerKmPerUnit } = input;
  const costModel = { costPerKmPerUnit };
  const invalid = (error: unknown) =>
    ApplicationFailure.nonRetryable(
      error instanceof Error ? error.message : String(error),
      FailureType.InvalidInput,
    );
  try {
    if (!Number.isSafeInteger(lookbackDays) || lookbackDays < 2) {
      throw new Error(`lookbackDays must be an integer of at least 2, got ${lookbackDays}`);
    }
    validateParameters({ serviceLevel, leadTimeDays, costModel });
  } catch (error) {
    throw invalid(error);
  }

  const { workflowId, runId } = workflowInfo();
  const asOf = new Date().toISOString(); // workflow time: deterministic on replay
  const snapshot = await run(
    'loadStockSnapshot',
    `Load ${lookbackDays} days of sales and current stock up to ${asOf}`,
    { lookbackDays, asOf },
  );

  let report: StockAlertReport;
  try {
    const sites = buildStockSites({ lookbackDays, sales: snapshot.sales, stock: snapshot.stock });
    report = computeStockAlerts({
      sites,
      warehouses: snapshot.warehouses,
      serviceLevel,
      leadTimeDays,
      costModel,
    });
  } catch (error) {
    throw invalid(error);
  }

  const critical = report.alerts.filter((alert) => alert.severity === 'critical').length;
  const warning = report.alerts.length - critical;
  await run(
    'writeStockAlerts',
    `Record ${report.alerts.length} alerts (${critical} critical) and ${report.proposals.length} transfer proposals`,
    { runId, workflowId, asOf, parameters: { ...input }, alerts: report.alerts, proposals: report.proposals },
  );
  const unmetUnits = report.unmet.reduce((units, unmet) => units + unmet.missing, 0);
  log.info('stock alerts recorded', { critical, warning, proposals: report.proposals.length, unmetUnits });
  return {
    runId,
    asOf,
    alerts: report.alerts.length,
    critical,
    warning,
    proposals: report.proposals.length,
    unmetUnits,
  };
}
