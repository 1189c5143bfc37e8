import type { Knex } from 'knex';

export interface ChargebackReport {
  orderId: string;
  amountMinor: number;
  reason?: string;
  source: 'provider-webhook' | 'support';
  reportedBy: string;
}

export type ChargebackOutcome =
  | { kind: 'recorded' | 'repeated'; customerId: string }
  | { kind: 'refused'; message: string; field?: string };

/**
 * Records a confirmed chargeback once per order, in the caller's transaction: the customer's chargeback
 * count (a risk feature) goes up, and the order becomes a labelled fraud outcome that `risk:train` can
 * join with the features its assessment saw (risk_assessments). A repeat changes nothing.
 */
export async function recordChargeback(
  trx: Knex.Transaction,
  report: ChargebackReport,
): Promise<ChargebackOutcome> {
  const order = await trx('orders')
    .where({ id: report.orderId })
    .forUpdate()
    .first('customer_id', 'currency', 'captured_minor');
  if (!order) return { kind: 'refused', message: `order ${report.orderId} not found` };
  if (report.amountMinor > Number(order.captured_minor))
    return {
      kind: 'refused',
      field: 'amountMinor',
      message: `amountMinor ${report.amountMinor} exceeds the ${order.captured_minor} captured`,
    };
  const inserted = await trx('chargebacks')
    .insert({
      order_id: report.orderId,
      customer_id: order.customer_id,
      amount_minor: report.amountMinor,
      currency: order.currency,
      reason: report.reason ?? null,
      source: report.source,
      reported_by: report.reportedBy,
    })
    .onConflict('order_id')
    .ignore()
    .returning('order_id');
  if (inserted.length === 0) return { kind: 'repeated', customerId: order.customer_id };
  await trx('customers').where({ id: order.customer_id }).increment('chargebacks', 1);
  await trx('risk_outcomes')
    .insert({ order_id: report.orderId, label: 'fraud', source: report.source })
    .onConflict('order_id')
    .ignore();
  return { kind: 'recorded', customerId: order.customer_id };
}
