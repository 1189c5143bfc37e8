import type { Knex } from 'knex';
import type { OrderPricing } from '../domain/checkout';
import { amountDue, PAYMENT_METHODS, type PaymentMethodKind } from '../domain/payment-methods';
import { InvariantCheck, type InvariantResult } from './audit-report';

/**
 * Pricing, for orders that store it (placed since multi-currency): the stored breakdown is the amount due
 * its own method's fee rule gives (subtotal + shipping + fee, rounded per currency), in the order's
 * currency; its subtotal is the sum of the order's lines; the order's total, less what order changes
 * refunded after the charge (`change:*` refunds), is its amount due; and the rate into the base currency
 * starts from the order's currency. Older orders (no pricing) are skipped.
 */
export async function checkPricing(
  db: Knex,
  input: { orderIds?: readonly string[]; maxExamples?: number } = {},
): Promise<InvariantResult> {
  const check = new InvariantCheck('pricing', input.maxExamples);
  check.count('pricedOrders', 0);
  const orders = db('orders as o')
    .leftJoin('order_lines as l', 'l.order_id', 'o.id')
    .whereNotNull('o.pricing')
    .groupBy('o.id')
    .select(
      'o.id',
      'o.currency',
      'o.total_minor',
      'o.pricing',
      db.raw('coalesce(sum(l.quantity * l.unit_price_minor), 0)::bigint AS lines_minor'),
      db.raw(
        `(SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
          WHERE r.order_id = o.id AND r.id LIKE 'change:%' AND r.status = 'succeeded')::bigint AS changes_refunded_minor`,
      ),
    );
  if (input.orderIds) orders.whereIn('o.id', input.orderIds);
  for (const row of await orders) {
    check.count('pricedOrders');
    const pricing = row.pricing as OrderPricing;
    const fail = (message: string) => check.fail({ orderId: row.id, message });
    if (pricing.currency !== row.currency || pricing.base?.from !== row.currency)
      fail(
        `pricing in ${pricing.currency} (base rate from ${pricing.base?.from}) for an order in ${row.currency}`,
      );
    if (Number(row.lines_minor) !== pricing.subtotalMinor)
      fail(`lines sum to ${row.lines_minor}, pricing says a subtotal of ${pricing.subtotalMinor}`);
    const owed = Number(row.total_minor) - Number(row.changes_refunded_minor);
    if (owed !== pricing.amountDueMinor)
      fail(
        `total ${row.total_minor} less ${row.changes_refunded_minor} refunded by changes is not the amount due ${pricing.amountDueMinor}`,
      );
    if (!(PAYMENT_METHODS as readonly string[]).includes(pricing.paymentMethod)) {
      fail(`unknown payment method ${pricing.paymentMethod}`);
      continue;
    }
    const due = amountDue({
      currency: pricing.currency,
      subtotalMinor: pricing.subtotalMinor,
      shippingMinor: pricing.shippingMinor,
      method: pricing.paymentMethod as PaymentMethodKind,
    });
    if (due.methodFeeMinor !== pricing.methodFeeMinor || due.amountDueMinor !== pricing.amountDueMinor)
      fail(
        `stored fee ${pricing.methodFeeMinor} and amount due ${pricing.amountDueMinor}; ${pricing.paymentMethod} gives ${due.methodFeeMinor} and ${due.amountDueMinor}`,
      );
  }
  return check.result();
}
