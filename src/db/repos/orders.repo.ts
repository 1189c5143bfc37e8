import type { Knex } from 'knex';
import type { CheckoutInput } from '../../domain/checkout';
import { OrderStatus } from '../../domain/order-status';

/**
 * Inserts an order and its lines in one statement (the lines only with a new order row), one round trip on
 * every checkout. With `ifMissing`, an existing order is left as it is (the workflow's idempotent first
 * step); otherwise a duplicate id or idempotency key throws. Returns whether the order was inserted.
 */
export async function insertOrder(
  db: Knex,
  input: CheckoutInput,
  options: { ifMissing?: boolean; idempotencyKey?: string; requestHash?: string } = {},
): Promise<boolean> {
  const lines = input.lines.map((line, index) => ({
    line_no: index + 1,
    sku: line.sku,
    quantity: line.quantity,
    unit_price_minor: line.unitPriceMinor,
  }));
  // With `ifMissing`, any conflict means the order exists: a concurrent twin with the same id and key may
  // trip the key's unique index before the id's, so the conflict target is left open.
  const { rows } = await db.raw(
    `WITH inserted AS (
       INSERT INTO orders (id, customer_id, status, currency, total_minor, shipping_address, payment_method,
                           allocation_strategy, pricing, idempotency_key, request_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ${options.ifMissing ? 'ON CONFLICT DO NOTHING' : ''}
       RETURNING id),
     lines AS (
       INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_minor)
       SELECT inserted.id, l.line_no, l.sku, l.quantity, l.unit_price_minor
         FROM inserted,
              jsonb_to_recordset(?::jsonb) AS l(line_no int, sku text, quantity int, unit_price_minor bigint)
       RETURNING 1)
     SELECT (SELECT count(*) FROM inserted)::int AS inserted`,
    [
      input.orderId,
      input.customerId,
      OrderStatus.pending,
      input.currency,
      input.totalMinor,
      JSON.stringify(input.shippingAddress),
      input.payment.method,
      input.allocationStrategy,
      input.pricing ? JSON.stringify(input.pricing) : null,
      options.idempotencyKey ?? null,
      options.requestHash ?? null,
      JSON.stringify(lines),
    ],
  );
  return (rows[0] as { inserted: number }).inserted > 0;
}
