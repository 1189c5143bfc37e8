import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createAlertsActivities } from '../../activities/alerts.activities';
import type { ActivityDeps } from '../../activities/deps';
import { ensureStockAlertsSchedule } from '../../src/temporal/stock-alerts-schedule';
import type { StockAlertsInput, StockAlertsResult } from '../../workflows/stock-alerts.workflow';
import { createTestCustomer, createTestSku } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api } from '../support/http';

const DAY_MS = 86_400_000;
const LOOKBACK_DAYS = 28;
const ALERT_ARGS: StockAlertsInput = {
  lookbackDays: LOOKBACK_DAYS,
  serviceLevel: 0.95,
  leadTimeDays: 3,
  costPerKmPerUnit: 0.1,
};

/** `count` days of sales, oldest first, alternating between two levels. */
const alternating = (count: number, low: number, high: number): number[] =>
  Array.from({ length: count }, (_, t) => (t % 2 === 0 ? low : high));

/**
 * Records past sales of a SKU at a warehouse: one order per day with a reservation in `status`. Day t of
 * `dailyUnits` (oldest first) is placed in the middle of the day `dailyUnits.length − 1 − t + daysBack`
 * days ago, well inside its 24-hour bucket whenever the workflow runs in the next hours.
 */
async function seedSales(
  db: Knex,
  sale: { customerId: string; sku: string; warehouseId: string; dailyUnits: number[] },
  { status = 'committed', daysBack = 0 }: { status?: string; daysBack?: number } = {},
): Promise<void> {
  const now = Date.now();
  for (const [t, units] of sale.dailyUnits.entries()) {
    if (units === 0) continue;
    const daysAgo = sale.dailyUnits.length - 1 - t + daysBack;
    const createdAt = new Date(now - (daysAgo + 0.5) * DAY_MS);
    const orderId = randomUUID();
    await db.transaction(async (trx) => {
      await trx('orders').insert({
        id: orderId,
        customer_id: sale.customerId,
        status: status === 'released' ? 'cancelled' : 'completed',
        currency: 'USD',
        total_minor: units * 2500,
        captured_minor: status === 'released' ? 0 : units * 2500,
        shipping_address: JSON.stringify({
          line1: '1 Main St',
          city: 'New York',
          postalCode: '10001',
          country: 'US',
        }),
        payment_method: 'card',
        allocation_strategy: 'optimal',
        created_at: createdAt,
        updated_at: createdAt,
      });
      await trx('order_lines').insert({
        order_id: orderId,
        line_no: 1,
        sku: sale.sku,
        quantity: units,
        unit_price_minor: 2500,
      });
      await trx('reservations').insert({
        order_id: orderId,
        warehouse_id: sale.warehouseId,
        sku: sale.sku,
        quantity: units,
        status,
        created_at: createdAt,
        updated_at: createdAt,
      });
    });
  }
}

let h: Harness;
let customerId: string;
/** Sells ~10 a day at Newark with 5 left there; Chicago and Reno hold plenty and sell nothing. */
let fastSku: string;
/** Sells one every four days at Dallas, with 60 in stock. */
let slowSku: string;
/** Sells 5 or 15 a day at Dallas, with 38 in stock: past lead-time demand, under the reorder point. */
let tightSku: string;
let result: StockAlertsResult;

beforeAll(async () => {
  h = await startHarness();
  customerId = await createTestCustomer(h.db);
  fastSku = await createTestSku(h.db, { 'wh-newark': 5, 'wh-chicago': 300, 'wh-reno': 300 });
  slowSku = await createTestSku(h.db, { 'wh-dallas': 60 });
  tightSku = await createTestSku(h.db, { 'wh-dallas': 38 });
  await seedSales(h.db, {
    customerId,
    sku: fastSku,
    warehouseId: 'wh-newark',
    dailyUnits: alternating(LOOKBACK_DAYS, 8, 12),
  });
  const slowSales = { customerId, sku: slowSku, warehouseId: 'wh-dallas' };
  await seedSales(h.db, {
    ...slowSales,
    dailyUnits: Array.from({ length: LOOKBACK_DAYS }, (_, t) => (t % 4 === 0 ? 1 : 0)),
  });
  // Neither cancelled orders nor sales older than the lookback window are demand.
  await seedSales(h.db, { ...slowSales, dailyUnits: [500, 0] }, { status: 'released' });
  await seedSales(h.db, { ...slowSales, dailyUnits: [500] }, { daysBack: LOOKBACK_DAYS + 5 });
  await seedSales(h.db, {
    customerId,
    sku: tightSku,
    warehouseId: 'wh-dallas',
    dailyUnits: alternating(LOOKBACK_DAYS, 5, 15),
  });

  result = await h.client.workflow.execute('stockAlerts', {
    taskQueue: h.taskQueue,
    workflowId: `stock-alerts-test-${randomUUID()}`,
    args: [ALERT_ARGS],
  });
});
afterAll(() => h.stop());

async function alertsOf(sku: string) {
  return h.db('stock_alerts').where({ run_id: result.runId, sku }).orderBy('warehouse_id');
}

describe('stock alerts', () => {
  test('when a SKU sells faster than its stock covers, then a critical alert fires at that warehouse', async () => {
    const alerts = await alertsOf(fastSku);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert).toMatchObject({
      warehouse_id: 'wh-newark',
      severity: 'critical',
      on_hand: 5,
      available: 5,
    });
    expect(alert.mean_daily_demand).toBeCloseTo(10, 9);
    expect(alert.forecast_daily_demand).toBeGreaterThan(8);
    expect(alert.forecast_daily_demand).toBeLessThan(12);
    expect(alert.days_of_cover).toBeLessThan(ALERT_ARGS.leadTimeDays);
    expect(result.critical).toBeGreaterThanOrEqual(1);
  });

  test('when a warehouse runs short and another has surplus, then a transfer from the cheapest one is proposed', async () => {
    const [alert] = await alertsOf(fastSku);
    const proposals = await h.db('rebalance_proposals').where({ run_id: result.runId, sku: fastSku });
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({
      from_warehouse_id: 'wh-chicago',
      to_warehouse_id: 'wh-newark',
      quantity: Math.ceil(alert.reorder_point - alert.available - 1e-9),
    });
    expect(proposals[0].quantity).toBeGreaterThanOrEqual(25);
    expect(proposals[0].distance_km).toBeGreaterThan(1000);
    expect(proposals[0].cost).toBe(proposals[0].quantity * Math.round(proposals[0].distance_km * 0.1));
  });

  test('when a proposal is recorded, then no stock is moved', async () => {
    const stock = await h.db('inventory').where({ sku: fastSku }).orderBy('warehouse_id');
    expect(stock.map((row) => [row.warehouse_id, row.on_hand, row.reserved])).toEqual([
      ['wh-chicago', 300, 0],
      ['wh-newark', 5, 0],
      ['wh-reno', 300, 0],
    ]);
  });

  test('when a slow seller has plenty of stock, then no alert fires, whatever was cancelled or sold long ago', async () => {
    expect(await alertsOf(slowSku)).toEqual([]);
    expect(await h.db('rebalance_proposals').where({ run_id: result.runId, sku: slowSku })).toEqual([]);
  });

  test('when stock covers the lead time but not the safety stock, then a warning fires', async () => {
    const alerts = await alertsOf(tightSku);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ warehouse_id: 'wh-dallas', severity: 'warning', available: 38 });
    expect(alerts[0].reorder_point).toBeGreaterThan(38);
  });

  test('when asked for one SKU, then the API lists its alerts and proposals from the latest run', async () => {
    const response = await api(h, 'GET', `/v1/inventory/alerts?sku=${fastSku}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      runId: result.runId,
      asOf: result.asOf,
      parameters: ALERT_ARGS,
      alerts: [
        {
          sku: fastSku,
          warehouseId: 'wh-newark',
          severity: 'critical',
          onHand: 5,
          reserved: 0,
          available: 5,
          method: 'ses',
        },
      ],
      proposals: [{ sku: fastSku, fromWarehouseId: 'wh-chicago', toWarehouseId: 'wh-newark' }],
    });
    expect(response.body.alerts[0].daysOfCover).toBeLessThan(1);
  });

  test('when filtered by severity, then only alerts of that severity are listed', async () => {
    const warnings = await api(h, 'GET', `/v1/inventory/alerts?sku=${tightSku}&severity=warning`);
    expect(warnings.status).toBe(200);
    expect(warnings.body.alerts.map((a: { severity: string }) => a.severity)).toEqual(['warning']);
    const critical = await api(h, 'GET', `/v1/inventory/alerts?sku=${tightSku}&severity=critical`);
    expect(critical.body.alerts).toEqual([]);
  });

  test('when a SKU has no alerts, then the API lists none for it', async () => {
    const response = await api(h, 'GET', `/v1/inventory/alerts?sku=${slowSku}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ runId: result.runId, alerts: [], proposals: [] });
  });

  test('when the severity filter is not a severity, then the API answers 400 naming the field', async () => {
    const response = await api(h, 'GET', '/v1/inventory/alerts?severity=urgent');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_request', field: 'severity' });
  });

  test('when the alerts route exists, then stock of a SKU is still served by /inventory/:sku', async () => {
    const response = await api(h, 'GET', `/v1/inventory/${slowSku}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      sku: slowSku,
      warehouses: [{ warehouseId: 'wh-dallas', onHand: 60 }],
    });
  });

  test('when a run is written twice, then the second write changes nothing', async () => {
    const { writeStockAlerts } = createAlertsActivities({ db: h.db } as ActivityDeps);
    const runId = randomUUID();
    const alert = {
      sku: slowSku,
      warehouseId: 'wh-dallas',
      onHand: 1,
      reserved: 0,
      available: 1,
      meanDailyDemand: 1,
      forecastDailyDemand: 1,
      demandStdDev: 0,
      leadTimeDemand: 3,
      reorderPoint: 3,
      daysOfCover: 1,
      method: 'ses' as const,
      severity: 'critical' as const,
    };
    // Long before any real run, so the API's latest run stays the workflow's.
    const input = {
      runId,
      workflowId: 'test',
      asOf: '2000-01-01T00:00:00.000Z',
      parameters: {},
      proposals: [],
    };
    try {
      expect(await writeStockAlerts({ ...input, alerts: [alert] })).toEqual({ written: true });
      expect(
        await writeStockAlerts({ ...input, alerts: [alert, { ...alert, warehouseId: 'wh-reno' }] }),
      ).toEqual({
        written: false,
      });
      expect(await h.db('stock_alerts').where({ run_id: runId })).toHaveLength(1);
    } finally {
      await h.db('stock_alert_runs').where({ id: runId }).delete();
    }
  });

  test('when the schedule is ensured twice, then one schedule exists with the latest interval and arguments', async () => {
    const scheduleId = `stock-alerts-test-${randomUUID()}`;
    const handle = h.client.schedule.getHandle(scheduleId);
    try {
      await ensureStockAlertsSchedule(h.client, {
        scheduleId,
        taskQueue: h.taskQueue,
        intervalMs: 3_600_000,
        args: ALERT_ARGS,
      });
      const created = await handle.describe();
      const changed = { ...ALERT_ARGS, leadTimeDays: 5 };
      await ensureStockAlertsSchedule(h.client, {
        scheduleId,
        taskQueue: h.taskQueue,
        intervalMs: 7_200_000,
        args: changed,
      });
      const updated = await handle.describe();

      expect(updated.info.createdAt).toEqual(created.info.createdAt);
      expect(created.spec.intervals?.map((interval) => interval.every)).toEqual([3_600_000]);
      expect(updated.spec.intervals?.map((interval) => interval.every)).toEqual([7_200_000]);
      expect(updated.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'stockAlerts',
        workflowId: scheduleId,
        taskQueue: h.taskQueue,
        args: [changed],
      });
      expect(updated.policies.overlap).toBe('SKIP');
    } finally {
      await handle.delete();
    }
  });
});
