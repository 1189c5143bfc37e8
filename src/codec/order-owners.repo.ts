import type { Knex } from 'knex';

/**
 * Records which customer owns an order, before its checkout starts: the codec encrypts the run's payloads
 * with that customer's key. Returns false when the order already belongs to another customer (the same
 * Idempotency-Key sent for someone else), which the caller must refuse.
 */
export async function registerOrderOwner(db: Knex, orderId: string, customerId: string): Promise<boolean> {
  const inserted = await db('order_owners')
    .insert({ order_id: orderId, customer_id: customerId })
    .onConflict('order_id')
    .ignore()
    .returning('order_id');
  // A new order (the usual case) is settled by the insert alone: one round trip on every checkout.
  if (inserted.length > 0) return true;
  const row = await db('order_owners').where({ order_id: orderId }).first('customer_id');
  return row?.customer_id === customerId;
}

/** The customer who owns an order: its owner row, or for orders placed before owners were kept, its row. */
export async function ownerOfOrder(db: Knex, orderId: string): Promise<string | null> {
  const row =
    (await db('order_owners').where({ order_id: orderId }).first('customer_id')) ??
    (await db('orders').where({ id: orderId }).first('customer_id'));
  return row?.customer_id ?? null;
}

/** Every order id a customer owns, with or without an order row. */
export async function ordersOwnedBy(db: Knex | Knex.Transaction, customerId: string): Promise<string[]> {
  const owned = await db('order_owners').where({ customer_id: customerId }).pluck('order_id');
  const rows = await db('orders').where({ customer_id: customerId }).pluck('id');
  return [...new Set<string>([...owned, ...rows])];
}
