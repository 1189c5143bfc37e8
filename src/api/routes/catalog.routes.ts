import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { conflict, notFound, parse } from '../http-errors';
import { restockBody, stockAlertsQuery } from '../schemas';

/** Products and stock. */
export function catalogRouter({ db }: ApiDeps): Router {
  const router = Router();

  router.get('/products', async (_req, res) => {
    const rows = await db('products').orderBy('sku');
    res.json({
      products: rows.map((p) => ({
        sku: p.sku,
        name: p.name,
        price: { amountMinor: p.price_minor, currency: p.currency },
      })),
    });
  });

  /**
   * The latest stock alerts run: its alerts (critical first, then fewest days of cover) and rebalancing
   * proposals, optionally for one SKU; `severity` filters alerts only. Registered before `/inventory/:sku`.
   */
  router.get('/inventory/alerts', async (req, res) => {
    const { sku, severity } = parse(stockAlertsQuery, req.query, 'query');
    const latest = await db('stock_alert_runs')
      .orderBy([
        { column: 'as_of', order: 'desc' },
        { column: 'created_at', order: 'desc' },
      ])
      .first('id', 'workflow_id', 'as_of', 'parameters');
    if (!latest) {
      res.json({ runId: null, workflowId: null, asOf: null, parameters: null, alerts: [], proposals: [] });
      return;
    }
    const forSku = sku ? { sku } : {};
    const alertRows = await db('stock_alerts')
      .where({ run_id: latest.id, ...forSku, ...(severity ? { severity } : {}) })
      .orderByRaw("severity = 'critical' desc, days_of_cover asc nulls last, sku, warehouse_id");
    const proposalRows = await db('rebalance_proposals')
      .where({ run_id: latest.id, ...forSku })
      .orderBy(['sku', 'from_warehouse_id', 'to_warehouse_id']);
    res.json({
      runId: latest.id,
      workflowId: latest.workflow_id,
      asOf: new Date(latest.as_of).toISOString(),
      parameters: latest.parameters,
      alerts: alertRows.map((a) => ({
        sku: a.sku,
        warehouseId: a.warehouse_id,
        severity: a.severity,
        onHand: a.on_hand,
        reserved: a.reserved,
        available: a.available,
        meanDailyDemand: a.mean_daily_demand,
        forecastDailyDemand: a.forecast_daily_demand,
        demandStdDev: a.demand_std_dev,
        daysOfCover: a.days_of_cover,
        reorderPoint: a.reorder_point,
        method: a.method,
      })),
      proposals: proposalRows.map((p) => ({
        sku: p.sku,
        fromWarehouseId: p.from_warehouse_id,
        toWarehouseId: p.to_warehouse_id,
        quantity: p.quantity,
        distanceKm: p.distance_km,
        cost: p.cost,
      })),
    });
  });

  router.get('/inventory/:sku', async (req, res) => {
    const product = await db('products').where({ sku: req.params.sku }).first('sku');
    if (!product) throw notFound(`sku ${req.params.sku}`);
    const rows = await db('inventory').where({ sku: req.params.sku }).orderBy('warehouse_id');
    res.json({
      sku: product.sku,
      warehouses: rows.map((r) => ({
        warehouseId: r.warehouse_id,
        onHand: r.on_hand,
        reserved: r.reserved,
        available: r.on_hand - r.reserved,
      })),
    });
  });

  /** Restock: adds `quantity` units on hand (creating the stock row if the warehouse never held the SKU). */
  router.put('/inventory/:warehouseId/:sku', async (req, res) => {
    const { quantity } = parse(restockBody, req.body);
    const { warehouseId, sku } = req.params;
    const [warehouse, product] = await Promise.all([
      db('warehouses').where({ id: warehouseId }).first('id'),
      db('products').where({ sku }).first('sku'),
    ]);
    if (!warehouse) throw notFound(`warehouse ${warehouseId}`);
    if (!product) throw notFound(`sku ${sku}`);
    const [row] = await db('inventory')
      .insert({ warehouse_id: warehouseId, sku, on_hand: quantity, reserved: 0 })
      .onConflict(['warehouse_id', 'sku'])
      .merge({ on_hand: db.raw('inventory.on_hand + ?', [quantity]) })
      .returning(['warehouse_id', 'sku', 'on_hand', 'reserved']);
    if (!row) throw conflict('restock failed');
    res.json({ warehouseId: row.warehouse_id, sku: row.sku, onHand: row.on_hand, reserved: row.reserved });
  });

  return router;
}
