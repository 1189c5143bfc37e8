import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../src/domain/failure-types';
import { PaymentDeclinedError } from '../src/payments/payment-provider';
import { businessFailure, lockOrder } from './business-failure';
import { hasCaptures, refundCaptures } from './capture-refunds';
import type { ActivityDeps } from './deps';
import { cardReferenceOf, type CardReference } from '../src/domain/checkout';

/** The card is a vault reference, or (in orders placed before the vault) the token itself. */
export type ChargeInput = {
  orderId: string;
  amountMinor: number;
  currency: string;
} & CardReference;

export interface RefundInput {
  orderId: string;
  refundId: string;
  /** null refunds everything still captured (compensation and full refunds). */
  amountMinor: number | null;
  reason: string;
}

export interface RefundResult {
  refundId: string;
  amountMinor: number;
  reference: string | null;
}

/** The idempotency key of an order's charge: a business key, never Temporal's activity id. */
export const chargeKey = (orderId: string) => `${orderId}:charge`;

/**
 * The provider's idempotency key for a refund: scoped to the order and marked as a refund, so that no
 * refund id, whatever a client sends, can name another order's refund or the charge itself.
 */
export const refundKey = (orderId: string, refundId: string) => `${orderId}:refund:${refundId}`;

/** Money activities: capturePayment and its undo refundPayment (also used for requested refunds). */
export function createPaymentActivities({ db, payments }: ActivityDeps) {
  return {
    /**
     * Charges the order at most once. The payments row is written before the provider is called, and the
     * provider dedupes by the same key, so a retry after a lost reply finds the first charge.
     */
    async capturePayment(input: ChargeInput): Promise<{ reference: string; amountMinor: number }> {
      const key = chargeKey(input.orderId);
      const existing = await db('payments').where({ order_id: input.orderId }).first();
      if (existing?.status === 'captured')
        return { reference: existing.provider_ref, amountMinor: existing.amount_minor };
      if (!existing) {
        await db('payments')
          .insert({
            order_id: input.orderId,
            idempotency_key: key,
            provider: payments.name,
            status: 'pending',
            amount_minor: input.amountMinor,
            currency: input.currency,
          })
          .onConflict('order_id')
          .ignore();
      }
      try {
        const { reference } = await payments.charge({
          idempotencyKey: key,
          card: cardReferenceOf({ method: 'card', ...input }),
          amountMinor: input.amountMinor,
          currency: input.currency,
        });
        await db('payments')
          .where({ order_id: input.orderId })
          .update({ status: 'captured', provider_ref: reference, updated_at: db.fn.now() });
        return { reference, amountMinor: input.amountMinor };
      } catch (error) {
        if (error instanceof PaymentDeclinedError) {
          await db('payments')
            .where({ order_id: input.orderId })
            .update({ status: 'declined', decline_reason: error.message, updated_at: db.fn.now() });
          throw businessFailure(FailureType.PaymentDeclined, error.message);
        }
        // Anything else is an outage: Temporal retries with the same key.
        throw ApplicationFailure.create({
          type: FailureType.PaymentProviderUnavailable,
          message: (error as Error).message,
        });
      }
    },

    /**
     * Refunds up to what is still captured, idempotent by refundId. The refund row is reserved under an
     * order lock before the provider is called, so concurrent refunds can never add up past the capture.
     */
    async refundPayment(input: RefundInput): Promise<RefundResult> {
      // Orders paid by authorize-then-capture refund against their captures (same contract).
      if (await hasCaptures(db, input.orderId)) {
        const done = await refundCaptures(db, payments, {
          ...input,
          providerKey: refundKey(input.orderId, input.refundId),
        });
        return { refundId: input.refundId, ...done };
      }
      // A captured payment row never changes again, so it is safe to read outside the order lock.
      const payment = await db('payments').where({ order_id: input.orderId, status: 'captured' }).first();
      const planned = await db.transaction(async (trx) => {
        await lockOrder(trx, input.orderId);
        const previous = await trx('refunds').where({ order_id: input.orderId, id: input.refundId }).first();
        if (previous?.status === 'refused')
          throw businessFailure(FailureType.RefundRefusedByProvider, 'the provider refused this refund');
        if (previous)
          return {
            amount: previous.amount_minor as number,
            done: previous.status === 'succeeded',
            ref: previous.provider_ref,
            key: previous.provider_key as string,
          };
        const refunded = await trx('refunds')
          .where({ order_id: input.orderId })
          .whereNot({ status: 'refused' })
          .sum({ total: 'amount_minor' })
          .first();
        const remaining = (payment?.amount_minor ?? 0) - Number(refunded?.total ?? 0);
        const amount = input.amountMinor ?? remaining;
        if (amount === 0 && input.amountMinor === null) return { amount: 0, done: true, ref: null, key: '' };
        if (!payment || amount <= 0 || amount > remaining) {
          throw businessFailure(
            FailureType.RefundNotAllowed,
            `refund of ${amount} refused: ${Math.max(remaining, 0)} is left to refund`,
          );
        }
        const key = refundKey(input.orderId, input.refundId);
        await trx('refunds').insert({
          id: input.refundId,
          order_id: input.orderId,
          provider_key: key,
          amount_minor: amount,
          currency: payment.currency,
          status: 'pending',
          reason: input.reason.slice(0, 200),
        });
        return { amount, done: false, ref: null as string | null, key };
      });
      if (planned.done)
        return { refundId: input.refundId, amountMinor: planned.amount, reference: planned.ref };

      // The key stored with the refund, so that a retry reaches the provider under the same key.
      let reference: string;
      try {
        ({ reference } = await payments.refund({
          idempotencyKey: planned.key,
          chargeReference: payment.provider_ref,
          amountMinor: planned.amount,
          currency: payment.currency,
        }));
      } catch (error) {
        if (!(error instanceof PaymentDeclinedError)) throw error; // an outage: retried with the same key
        // A refusal is an answer, not an outage: retrying it forever would wedge the order's queue.
        await db('refunds')
          .where({ order_id: input.orderId, id: input.refundId })
          .update({ status: 'refused', updated_at: db.fn.now() });
        throw businessFailure(FailureType.RefundRefusedByProvider, `the provider refused: ${error.message}`);
      }
      await db('refunds')
        .where({ order_id: input.orderId, id: input.refundId })
        .update({ status: 'succeeded', provider_ref: reference, updated_at: db.fn.now() });
      return { refundId: input.refundId, amountMinor: planned.amount, reference };
    },
  };
}
