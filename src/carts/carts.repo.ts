import type { Knex } from 'knex';
import type { RateUsed } from '../domain/checkout';

/** A cart line: its unit price is the one snapshotted when the line was added. */
export interface CartLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  priceSource: 'list' | 'converted';
  rate: RateUsed | null;
  addedAt: string;
}

export interface Cart {
  cartId: string;
  customerId: string;
  currency: string;
  status: 'open' | 'checked_out';
  orderId: string | null;
  /** The scoped Idempotency-Key of its checkout, so that a repeat answers the same order. */
  checkoutKey: string | null;
  createdAt: string;
  lastActivityAt: string;
  lines: CartLine[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- rows as knex returns them */
const cartOf = (row: any, lines: any[]): Cart => ({
  cartId: row.id,
  customerId: row.customer_id,
  currency: row.currency,
  status: row.status,
  orderId: row.order_id,
  checkoutKey: row.checkout_key,
  createdAt: new Date(row.created_at).toISOString(),
  lastActivityAt: new Date(row.last_activity_at).toISOString(),
  lines: lines.map((line) => ({
    sku: line.sku,
    quantity: line.quantity,
    unitPriceMinor: Number(line.unit_price_minor),
    priceSource: line.price_source,
    rate: line.rate ?? null,
    addedAt: new Date(line.added_at).toISOString(),
  })),
});
/* eslint-enable @typescript-eslint/no-explicit-any */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cart with its lines in the order they were added; with `lock`, its row is locked for the transaction. */
export async function loadCart(db: Knex, cartId: string, lock = false): Promise<Cart | null> {
  if (!UUID.test(cartId)) return null;
  const query = db('carts').where({ id: cartId });
  const row = await (lock ? query.forUpdate() : query).first();
  if (!row) return null;
  const lines = await db('cart_lines')
    .where({ cart_id: cartId })
    .orderBy([{ column: 'added_at' }, { column: 'sku' }]);
  return cartOf(row, lines);
}

export async function insertCart(db: Knex, cart: { cartId: string; customerId: string; currency: string }) {
  await db('carts').insert({ id: cart.cartId, customer_id: cart.customerId, currency: cart.currency });
}

/** Adds a line with its price snapshot, or adds to the quantity of the SKU's line (keeping its snapshot). */
export async function addCartLine(
  trx: Knex.Transaction,
  cartId: string,
  line: Omit<CartLine, 'addedAt'>,
): Promise<void> {
  await trx('cart_lines')
    .insert({
      cart_id: cartId,
      sku: line.sku,
      quantity: line.quantity,
      unit_price_minor: line.unitPriceMinor,
      price_source: line.priceSource,
      rate: line.rate ? JSON.stringify(line.rate) : null,
    })
    .onConflict(['cart_id', 'sku'])
    .merge({ quantity: trx.raw('cart_lines.quantity + excluded.quantity') });
  await touchCart(trx, cartId);
}

/** Sets a line's quantity; false when the cart has no line for the SKU. */
export async function setCartLineQuantity(
  trx: Knex.Transaction,
  cartId: string,
  sku: string,
  quantity: number,
) {
  const updated = await trx('cart_lines').where({ cart_id: cartId, sku }).update({ quantity });
  if (updated > 0) await touchCart(trx, cartId);
  return updated > 0;
}

/** Removes a line; false when the cart has no line for the SKU. */
export async function removeCartLine(trx: Knex.Transaction, cartId: string, sku: string) {
  const removed = await trx('cart_lines').where({ cart_id: cartId, sku }).delete();
  if (removed > 0) await touchCart(trx, cartId);
  return removed > 0;
}

/** Marks an open cart checked out as an order; false when it was no longer open. */
export async function markCheckedOut(
  db: Knex,
  cartId: string,
  order: { orderId: string; checkoutKey: string | undefined },
): Promise<boolean> {
  const updated = await db('carts')
    .where({ id: cartId, status: 'open' })
    .update({
      status: 'checked_out',
      order_id: order.orderId,
      checkout_key: order.checkoutKey ?? null,
      checked_out_at: db.fn.now(),
    });
  return updated > 0;
}

/** Inactivity is measured from the last change. */
const touchCart = (trx: Knex.Transaction, cartId: string) =>
  trx('carts').where({ id: cartId }).update({ last_activity_at: trx.fn.now() });

/** Units available (on hand minus reserved) across every warehouse, per SKU. */
export async function availableUnits(db: Knex, skus: readonly string[]): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const rows: { sku: string; available: string | number }[] = await db('inventory')
    .whereIn('sku', [...skus])
    .groupBy('sku')
    .select('sku', db.raw('sum(on_hand - reserved) AS available'));
  return new Map(rows.map((r) => [r.sku, Number(r.available)]));
}
