import type { Knex } from 'knex';

/** Idempotency keys of authorize-then-capture, from business keys (never Temporal's activity ids). */
export const authorizationKey = (orderId: string, attempt: number) => `${orderId}:auth:${attempt}`;
export const captureKey = (orderId: string, shipmentId: string) => `${orderId}:capture:${shipmentId}`;
export const voidKey = (orderId: string, attempt: number) => `${orderId}:void:${attempt}`;
export const refundPartKey = (orderId: string, refundId: string, captureKey: string) =>
  `${orderId}:refund:${refundId}:${captureKey.slice(orderId.length + 1)}`;

/** The authorization row of an attempt. */
export const authorizationRow = (db: Knex | Knex.Transaction, orderId: string, attempt: number) =>
  db('payment_authorizations').where({ order_id: orderId, attempt }).first();

/**
 * Keeps the order's `payments` row (one per order: what the order view and chargeback webhooks read) a
 * summary of the ledger: the newest attempt's reference and status, `captured` once captures reach the
 * amount held, `partially_captured` before that.
 */
export async function syncPaymentSummary(db: Knex, orderId: string, provider: string): Promise<void> {
  const latest = await db('payment_authorizations')
    .where({ order_id: orderId })
    .whereNot({ status: 'voided' })
    .orderBy('attempt', 'desc')
    .first();
  const fallback =
    latest ??
    (await db('payment_authorizations').where({ order_id: orderId }).orderBy('attempt', 'desc').first());
  if (!fallback) return;
  const captured = await db('payment_captures')
    .where({ order_id: orderId, status: 'succeeded' })
    .sum({ total: 'amount_minor' })
    .first();
  const capturedMinor = Number(captured?.total ?? 0);
  const status =
    capturedMinor > 0
      ? capturedMinor >= Number(fallback.amount_minor)
        ? 'captured'
        : 'partially_captured'
      : fallback.status;
  const row = {
    order_id: orderId,
    idempotency_key: fallback.idempotency_key,
    provider,
    provider_ref: fallback.provider_ref,
    status,
    amount_minor: fallback.amount_minor,
    currency: fallback.currency,
    decline_reason: fallback.decline_reason,
    updated_at: db.fn.now(),
  };
  await db('payments').insert(row).onConflict('order_id').merge();
}
