import type { Knex } from 'knex';
import { DEFAULT_AUTHORIZATION_TTL_MS, SandboxAuthorizations } from './sandbox-authorizations';

/** A payment result as the sandbox provider notifies it (POST /v1/webhooks/payments, signed by `sandbox`). */
export interface SandboxPaymentEvent {
  eventId: string;
  type: 'payment.authorized' | 'payment.failed';
  paymentReference: string;
  merchantReference: string;
  expiresAt?: string | null;
  reason?: string;
}

/**
 * What happens on the provider's side of an asynchronous payment: the customer completes 3-D Secure or the
 * wallet, or the bank transfer arrives (`authorized`), or the payment fails there (`failed`). The
 * provider's ledger changes first, then it owes the shop a notification: the event returned, for the caller
 * to deliver as the provider would. Null when the payment had already settled.
 */
export async function settleSandboxPayment(
  db: Knex,
  reference: string,
  outcome: 'authorized' | 'failed',
  ttlMs = DEFAULT_AUTHORIZATION_TTL_MS,
): Promise<SandboxPaymentEvent | null> {
  // Card behaviours play no part in completing a pending payment.
  const settled = await new SandboxAuthorizations(db, ttlMs, () => 'ok').complete(reference, outcome);
  if (!settled) return null;
  return {
    eventId: `evt_${reference}_${outcome}`,
    type: `payment.${outcome}`,
    paymentReference: reference,
    merchantReference: settled.idempotencyKey,
    ...(outcome === 'authorized'
      ? { expiresAt: settled.expiresAt }
      : { reason: 'the customer did not complete the payment' }),
  };
}
