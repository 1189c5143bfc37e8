import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { conflict, notFound, parse } from '../http-errors';
import { restockBody } from '../schemas';

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
