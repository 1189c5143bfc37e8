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
 * summary of the ledger: the newest attempt's reference and status (the newest that is not voided, when
 * there is one), `captured` once captures reach the amount held, `partially_captured` before that. One
 * statement: it runs after every authorization, capture and void.
 */
export async function syncPaymentSummary(db: Knex, orderId: string, provider: string): Promise<void> {
  await db.raw(
    `WITH latest AS (
       SELECT * FROM payment_authorizations WHERE order_id = ?
        ORDER BY status = 'voided', attempt DESC LIMIT 1),
     captured AS (
       SELECT COALESCE(sum(amount_minor), 0) AS total
         FROM payment_captures WHERE order_id = ? AND status = 'succeeded')
     INSERT INTO payments (order_id, idempotency_key, provider, provider_ref, status, amount_minor, currency,
                           decline_reason, updated_at)
     SELECT l.order_id, l.idempotency_key, ?, l.provider_ref,
            CASE WHEN c.total = 0 THEN l.status
                 WHEN c.total >= l.amount_minor THEN 'captured'
                 ELSE 'partially_captured' END,
            l.amount_minor, l.currency, l.decline_reason, now()
       FROM latest l, captured c
     ON CONFLICT (order_id) DO UPDATE SET
       idempotency_key = EXCLUDED.idempotency_key, provider = EXCLUDED.provider,
       provider_ref = EXCLUDED.provider_ref, status = EXCLUDED.status, amount_minor = EXCLUDED.amount_minor,
       currency = EXCLUDED.currency, decline_reason = EXCLUDED.decline_reason, updated_at = EXCLUDED.updated_at`,
    [orderId, orderId, provider],
  );
}
