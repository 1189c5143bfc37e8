import type { Knex } from 'knex';
import type { CheckoutInput } from '../../domain/checkout';
import { OrderStatus } from '../../domain/order-status';

/**
 * Inserts an order and its lines in one transaction. With `ifMissing`, an existing order is left as it
 * is (the workflow's idempotent first step); otherwise a duplicate id or idempotency key throws.
 * Returns whether the order was inserted.
 */
export async function insertOrder(
  db: Knex,
  input: CheckoutInput,
  options: { ifMissing?: boolean; idempotencyKey?: string; requestHash?: string } = {},
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const insert = trx('orders').insert({
      id: input.orderId,
      customer_id: input.customerId,
      status: OrderStatus.pending,
      currency: input.currency,
      total_minor: input.totalMinor,
      shipping_address: JSON.stringify(input.shippingAddress),
      payment_method: input.payment.method,
      allocation_strategy: input.allocationStrategy,
      pricing: input.pricing ? JSON.stringify(input.pricing) : null,
      idempotency_key: options.idempotencyKey ?? null,
      request_hash: options.requestHash ?? null,
    });
    // With `ifMissing`, any conflict means the order exists: a concurrent twin with the same id and key may
    // trip the key's unique index before the id's, so the conflict target is left open.
    const inserted = await (options.ifMissing ? insert.onConflict().ignore() : insert).returning('id');
    if (inserted.length === 0) return false;
    await trx('order_lines').insert(
      input.lines.map((line, index) => ({
        order_id: input.orderId,
        line_no: index + 1,
        sku: line.sku,
        quantity: line.quantity,
        unit_price_minor: line.unitPriceMinor,
      })),
    );
    return true;
  });
}
