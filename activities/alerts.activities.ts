import type { TransferProposal } from '../src/algorithms/rebalance';
import type { DailySales, StockAlert, StockLevel, WarehouseLocation } from '../src/algorithms/stock-alerts';
import type { ActivityDeps } from './deps';

const DAY_MS = 86_400_000;

/** Reservations that are sales: held for an open order, or shipped. Released ones never sold. */
const SOLD_STATUSES = ['reserved', 'committed'];

export interface LoadStockSnapshotInput {
  lookbackDays: number;
  /** ISO timestamp the window ends at (the workflow's time). */
  asOf: string;
}

/** Sparse daily sales over the window, every stock row and every warehouse location. */
export interface StockSnapshot {
  sales: DailySales[];
  stock: StockLevel[];
  warehouses: WarehouseLocation[];
}

export interface WriteStockAlertsInput {
  /** The Temporal run id: a run is written once, however often the activity is retried. */
  runId: string;
  workflowId: string;
  asOf: string;
  parameters: Record<string, unknown>;
  alerts: StockAlert[];
  proposals: TransferProposal[];
}

/** Reads what the stock alerts workflow needs and records what it found. */
export function createAlertsActivities({ db, metrics }: ActivityDeps) {
  return {
    /**
     * Daily units sold per SKU and warehouse over the `lookbackDays` days ending at `asOf`: reservations
     * still reserved or committed, by their order's creation time. Day `daysAgo` is the 24 hours ending
     * `daysAgo` days before asOf, so every day is a whole one. Days without sales are simply absent.
     */
    async loadStockSnapshot({ lookbackDays, asOf }: LoadStockSnapshotInput): Promise<StockSnapshot> {
      const end = new Date(asOf);
      if (Number.isNaN(end.getTime())) throw new Error(`asOf must be a timestamp, got ${asOf}`);
      if (!Number.isSafeInteger(lookbackDays) || lookbackDays < 1) {
        throw new Error(`lookbackDays must be a positive integer, got ${lookbackDays}`);
      }
      const start = new Date(end.getTime() - lookbackDays * DAY_MS);
      const [sales, stock, warehouses] = await Promise.all([
        db('reservations as r')
          .join('orders as o', 'o.id', 'r.order_id')
          .whereIn('r.status', SOLD_STATUSES)
          .where('o.created_at', '>', start)
          .andWhere('o.created_at', '<=', end)
          .groupBy('r.sku', 'r.warehouse_id', 'days_ago')
          .orderBy(['r.sku', 'r.warehouse_id', 'days_ago'])
          .select(
            'r.sku',
            'r.warehouse_id',
            db.raw('floor(extract(epoch from (?::timestamptz - o.created_at)) / 86400)::int as days_ago', [
              end,
            ]),
            db.raw('sum(r.quantity)::int as units'),
          ),
        db('inventory').orderBy(['sku', 'warehouse_id']).select('sku', 'warehouse_id', 'on_hand', 'reserved'),
        db('warehouses').orderBy('id').select('id', 'lat', 'lon'),
      ]);
      return {
        sales: sales.map((row) => ({
          sku: row.sku,
          warehouseId: row.warehouse_id,
          daysAgo: row.days_ago,
          units: row.units,
        })),
        stock: stock.map((row) => ({
          sku: row.sku,
          warehouseId: row.warehouse_id,
          onHand: row.on_hand,
          reserved: row.reserved,
        })),
        warehouses: warehouses.map((row) => ({
          warehouseId: row.id,
          location: { lat: row.lat, lon: row.lon },
        })),
      };
    },

    /**
     * Records a run with its alerts and proposals in one transaction, so readers never see half a run. A
     * run id already written is left as it is: retries and replays write nothing twice.
     */
    async writeStockAlerts(input: WriteStockAlertsInput): Promise<{ written: boolean }> {
      return db.transaction(async (trx) => {
        const inserted = await trx('stock_alert_runs')
          .insert({
            id: input.runId,
            workflow_id: input.workflowId,
            as_of: new Date(input.asOf),
            parameters: JSON.stringify(input.parameters),
          })
          .onConflict('id')
          .ignore()
          .returning('id');
        if (inserted.length === 0) return { written: false };
        const alerts = input.alerts.map((a) => ({
          run_id: input.runId,
          sku: a.sku,
          warehouse_id: a.warehouseId,
          severity: a.severity,
          on_hand: a.onHand,
          reserved: a.reserved,
          available: a.available,
          mean_daily_demand: a.meanDailyDemand,
          forecast_daily_demand: a.forecastDailyDemand,
          demand_std_dev: a.demandStdDev,
          days_of_cover: a.daysOfCover,
          reorder_point: a.reorderPoint,
          method: a.method,
        }));
        const proposals = input.proposals.map((p) => ({
          run_id: input.runId,
          sku: p.sku,
          from_warehouse_id: p.fromWarehouseId,
          to_warehouse_id: p.toWarehouseId,
          quantity: p.quantity,
          distance_km: p.distanceKm,
          cost: p.cost,
        }));
        if (alerts.length > 0) await db.batchInsert('stock_alerts', alerts, 500).transacting(trx);
        for (const alert of alerts) metrics?.stockAlerts.inc({ kind: alert.severity });
        if (proposals.length > 0) {
          await db.batchInsert('rebalance_proposals', proposals, 500).transacting(trx);
        }
        return { written: true };
      });
    },
  };
}
