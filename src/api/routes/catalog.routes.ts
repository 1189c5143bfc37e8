import { Router } from 'express';
import { callerOf } from '../../auth/authenticate';
import { recordAudit } from '../../db/repos/audit-log.repo';
import { applyAdjustment, listAdjustments } from '../../db/repos/inventory-ledger.repo';
import { allow } from '../access-policy';
import type { ApiDeps } from '../deps';
import { conflict, invalid, notFound, parse } from '../http-errors';
import { idempotencyKeyOf, idFromKey, requestHash } from '../idempotency';
import { isKnownCurrency } from '../../domain/money';
import { listRates, setRate } from '../../pricing/exchange-rates';
import {
  adjustmentBody,
  adjustmentsQuery,
  currencyParam,
  productBody,
  productPriceBody,
  productSku,
  rateBody,
  stockAlertsQuery,
} from '../schemas';

type PriceRow = { sku: string; currency: string; price_minor: number | string };

/** A product: its base price (what other currencies convert from) and its price list, one per currency. */
const productView = (
  p: { sku: string; name: string; price_minor: number | string; currency: string },
  prices: readonly PriceRow[],
) => ({
  sku: p.sku,
  name: p.name,
  price: { amountMinor: Number(p.price_minor), currency: p.currency },
  prices: prices
    .filter((row) => row.sku === p.sku)
    .map((row) => ({ currency: row.currency, amountMinor: Number(row.price_minor) })),
});

const pricesOf = (db: ApiDeps['db'], skus: string[]): Promise<PriceRow[]> =>
  db('product_prices').whereIn('sku', skus).orderBy(['sku', 'currency']);

/** Products and stock: the catalog, stock levels, the stock ledger and low-stock alerts. */
export function catalogRouter({ db }: ApiDeps): Router {
  const router = Router();

  router.get('/products', allow('GET /v1/products'), async (_req, res) => {
    const products = await db('products').orderBy('sku');
    const prices = await pricesOf(
      db,
      products.map((p) => p.sku),
    );
    res.json({ products: products.map((p) => productView(p, prices)) });
  });

  /**
   * The latest stock alerts run: its alerts (critical first, then fewest days of cover) and rebalancing
   * proposals, optionally for one SKU; `severity` filters alerts only. Registered before `/inventory/:sku`.
   */
  router.get('/inventory/alerts', allow('GET /v1/inventory/alerts'), async (req, res) => {
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

  /**
   * Creates a product or changes its name or base price (also its price-list row in that currency); prices
   * already in orders and carts are not touched (a cart's checkout answers 409 for a changed price).
   */
  router.put('/products/:sku', allow('PUT /v1/products/{sku}'), async (req, res) => {
    const body = parse(productBody, req.body);
    const sku = parse(productSku, req.params.sku, 'sku');
    const row = await db.transaction(async (trx) => {
      const before = await trx('products')
        .where({ sku })
        .forUpdate()
        .first('name', 'price_minor', 'currency');
      const [saved] = await trx('products')
        .insert({ sku, name: body.name, price_minor: body.priceMinor, currency: body.currency })
        .onConflict('sku')
        .merge()
        .returning(['sku', 'name', 'price_minor', 'currency']);
      await trx('product_prices')
        .insert({ sku, currency: body.currency, price_minor: body.priceMinor })
        .onConflict(['sku', 'currency'])
        .merge({ price_minor: body.priceMinor, updated_at: trx.fn.now() });
      await recordAudit(trx, {
        actor: callerOf(res),
        action: 'product.upsert',
        target: { type: 'product', id: sku },
        before: before ?? null,
        after: { name: body.name, price_minor: body.priceMinor, currency: body.currency },
      });
      return { saved, created: !before };
    });
    res.status(row.created ? 201 : 200).json(productView(row.saved, await pricesOf(db, [sku])));
  });

  /** Sets a product's price in one currency (its price list); carts priced before answer 409 at checkout. */
  router.put(
    '/products/:sku/prices/:currency',
    allow('PUT /v1/products/{sku}/prices/{currency}'),
    async (req, res) => {
      const { priceMinor } = parse(productPriceBody, req.body);
      const sku = parse(productSku, req.params.sku, 'sku');
      const currency = parse(currencyParam, req.params.currency, 'currency');
      if (!isKnownCurrency(currency)) throw invalid('currency', `${currency} is not an ISO 4217 currency`);
      const product = await db('products').where({ sku }).first();
      if (!product) throw notFound(`sku ${sku}`);
      const created = await db.transaction(async (trx) => {
        const before = await trx('product_prices').where({ sku, currency }).forUpdate().first('price_minor');
        await trx('product_prices')
          .insert({ sku, currency, price_minor: priceMinor })
          .onConflict(['sku', 'currency'])
          .merge({ price_minor: priceMinor, updated_at: trx.fn.now() });
        // The base price and its own currency's list row stay one price.
        if (currency === product.currency)
          await trx('products').where({ sku }).update({ price_minor: priceMinor });
        await recordAudit(trx, {
          actor: callerOf(res),
          action: 'product.price',
          target: { type: 'product', id: sku },
          // Without a list row, the price was the base price in its own currency (or none).
          before: before
            ? { currency, price_minor: Number(before.price_minor) }
            : currency === product.currency
              ? { currency, price_minor: Number(product.price_minor) }
              : null,
          after: { currency, price_minor: priceMinor },
        });
        return !before;
      });
      const saved = await db('products').where({ sku }).first();
      res.status(created ? 201 : 200).json(productView(saved, await pricesOf(db, [sku])));
    },
  );

  router.get('/rates', allow('GET /v1/rates'), async (_req, res) => {
    res.json({ rates: await listRates(db) });
  });

  /** Sets the rate from one currency to another (admin, audited); orders keep the rate they were placed with. */
  router.put('/rates/:from/:to', allow('PUT /v1/rates/{from}/{to}'), async (req, res) => {
    const body = parse(rateBody, req.body);
    const from = parse(currencyParam, req.params.from, 'from');
    const to = parse(currencyParam, req.params.to, 'to');
    if (!isKnownCurrency(from)) throw invalid('from', `${from} is not an ISO 4217 currency`);
    if (!isKnownCurrency(to)) throw invalid('to', `${to} is not an ISO 4217 currency`);
    if (from === to) throw invalid('to', 'a rate is between two different currencies');
    const { before, after } = await db.transaction(async (trx) => {
      const changed = await setRate(trx, {
        from,
        to,
        rate: body.rate,
        asOf: body.asOf ?? new Date().toISOString(),
      });
      await recordAudit(trx, {
        actor: callerOf(res),
        action: 'rate.set',
        target: { type: 'rate', id: `${from}-${to}` },
        before: changed.before,
        after: changed.after,
      });
      return changed;
    });
    res.status(before ? 200 : 201).json(after);
  });

  /** The stock ledger: every adjustment with its reason, actor, and the levels before and after. */
  router.get('/inventory/adjustments', allow('GET /v1/inventory/adjustments'), async (req, res) => {
    res.json({ adjustments: await listAdjustments(db, parse(adjustmentsQuery, req.query, 'query')) });
  });

  /**
   * A stock change: received, damaged, lost, counted, returned to the supplier. Up or down, never below
   * what orders have reserved, and exactly once per adjustment id (or Idempotency-Key).
   */
  router.post('/inventory/adjustments', allow('POST /v1/inventory/adjustments'), async (req, res) => {
    const body = parse(adjustmentBody, req.body);
    const key = idempotencyKeyOf(req);
    const id = body.adjustmentId ?? (key ? idFromKey(key) : undefined);
    if (!id) throw invalid('adjustmentId', 'give an adjustmentId or an Idempotency-Key, so a retry is safe');
    const [warehouse, product] = await Promise.all([
      db('warehouses').where({ id: body.warehouseId }).first('id'),
      db('products').where({ sku: body.sku }).first('sku'),
    ]);
    if (!warehouse) throw invalid('warehouseId', `unknown warehouse "${body.warehouseId}"`);
    if (!product) throw invalid('sku', `unknown sku "${body.sku}"`);
    const { adjustmentId: _id, ...content } = body;
    const outcome = await applyAdjustment(db, callerOf(res), {
      ...content,
      id,
      requestHash: requestHash(content),
    });
    if (outcome.kind === 'conflict') throw conflict(outcome.message, outcome.field);
    res.status(outcome.kind === 'applied' ? 201 : 200).json(outcome.adjustment);
  });

  // Last: its `:sku` would also match `adjustments` and `alerts`.
  router.get('/inventory/:sku', allow('GET /v1/inventory/{sku}'), async (req, res) => {
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

  return router;
}
