import { ApplicationFailure } from '@temporalio/common';
import { cardReferenceOf, type OrderPayment } from '../src/domain/checkout';
import { FailureType } from '../src/domain/failure-types';
import type { PaymentMethodKind } from '../src/domain/payment-methods';
import type { RequiredAction } from '../src/domain/payment-state';
import {
  PaymentDeclinedError,
  type AuthorizationOutcome,
  type PaymentInstrument,
} from '../src/payments/payment-provider';
import { businessFailure } from './business-failure';
import type { ActivityDeps } from './deps';
import {
  authorizationKey,
  authorizationRow,
  captureKey,
  syncPaymentSummary,
  voidKey,
} from './payment-ledger';

export interface AuthorizeInput {
  orderId: string;
  attempt: number;
  payment: OrderPayment;
  amountMinor: number;
  currency: string;
}

export interface ReauthorizeInput {
  orderId: string;
  attempt: number;
  /** The attempt whose authorization this renews. */
  renews: number;
  amountMinor: number;
  currency: string;
}

/** An attempt's answer as the workflow sees it. Declines are answers, not failures: the customer may retry. */
export type AuthorizationAnswer =
  | { status: 'authorized'; reference: string; expiresAt: string | null }
  | { status: 'declined'; reference: string | null; reason: string }
  | { status: 'action_required'; reference: string; action: RequiredAction };

/** The provider's answer when asked about a late payment (the reconciliation query). */
export type ReconciledStatus =
  | { status: 'authorized'; expiresAt: string | null }
  | { status: 'declined'; reason: string }
  | { status: 'pending' };

const STATUS_OF = {
  authorized: 'authorized',
  declined: 'declined',
  action_required: 'action_required',
} as const;

/** Anything but a decline is an outage: Temporal retries under the same idempotency key. */
const outage = (error: unknown) =>
  ApplicationFailure.create({
    type: FailureType.PaymentProviderUnavailable,
    message: (error as Error).message,
  });

const instrumentOf = (payment: OrderPayment): PaymentInstrument =>
  payment.method === 'card'
    ? { method: 'card', card: cardReferenceOf(payment) }
    : { method: payment.method as Exclude<PaymentMethodKind, 'card'> };

/**
 * Authorize-then-capture: authorizations (and renewals), captures per parcel, voids, and the reconciliation
 * query. Each writes its ledger row before calling the provider, under the key the provider dedupes by.
 */
export function createAuthorizationActivities({ db, payments }: ActivityDeps) {
  /**
   * Writes an attempt's answer to its row, unless it has already settled (first answer wins); the row as
   * written, if this answer was the first.
   */
  async function settle(orderId: string, attempt: number, answer: AuthorizationAnswer | ReconciledStatus) {
    const fields =
      answer.status === 'authorized'
        ? { status: 'authorized', expires_at: answer.expiresAt, required_action: null }
        : answer.status === 'declined'
          ? { status: 'declined', decline_reason: answer.reason, required_action: null }
          : answer.status === 'action_required'
            ? { status: 'action_required', required_action: JSON.stringify(answer.action) }
            : undefined;
    if (!fields) return undefined;
    const [row] = await db('payment_authorizations')
      .where({ order_id: orderId, attempt })
      .whereIn('status', ['pending', 'action_required'])
      .update({
        ...fields,
        ...('reference' in answer && answer.reference ? { provider_ref: answer.reference } : {}),
        updated_at: db.fn.now(),
      })
      .returning('*');
    await syncPaymentSummary(db, orderId, payments.name);
    return row as Record<string, unknown> | undefined;
  }

  async function authorizeWith(
    input: { orderId: string; attempt: number; amountMinor: number; currency: string },
    method: PaymentMethodKind,
    renews: string | null,
    call: (key: string) => Promise<AuthorizationOutcome>,
  ): Promise<AuthorizationAnswer> {
    const key = authorizationKey(input.orderId, input.attempt);
    // The attempt's row, written before the provider is called; a retry finds it (one round trip either way).
    const [inserted] = await db('payment_authorizations')
      .insert({
        idempotency_key: key,
        order_id: input.orderId,
        attempt: input.attempt,
        method,
        provider: payments.name,
        status: 'pending',
        amount_minor: input.amountMinor,
        currency: input.currency,
        renews,
      })
      .onConflict('idempotency_key')
      .ignore()
      .returning('attempt');
    if (!inserted) {
      const existing = await authorizationRow(db, input.orderId, input.attempt);
      if (existing && existing.status !== 'pending') return answerOf(existing);
    }
    let outcome: AuthorizationOutcome;
    try {
      outcome = await call(key);
    } catch (error) {
      if (error instanceof PaymentDeclinedError) {
        outcome = { status: 'declined', reference: '', reason: error.message };
      } else throw outage(error);
    }
    const answer: AuthorizationAnswer =
      outcome.status === 'declined' && !outcome.reference ? { ...outcome, reference: null } : outcome;
    // First answer wins: an answer that came first by another path (a webhook, say) is the one returned.
    const settled =
      (await settle(input.orderId, input.attempt, answer)) ??
      (await authorizationRow(db, input.orderId, input.attempt));
    return answerOf(settled!);
  }

  return {
    /** Authorizes the amount due for an attempt, at most once per attempt (key `<orderId>:auth:<attempt>`). */
    authorizePayment(input: AuthorizeInput): Promise<AuthorizationAnswer> {
      return authorizeWith(input, input.payment.method, null, (idempotencyKey) =>
        payments.authorize({
          idempotencyKey,
          instrument: instrumentOf(input.payment),
          amountMinor: input.amountMinor,
          currency: input.currency,
        }),
      );
    },

    /** Renews an authorization about to expire, as a new attempt on the same instrument. */
    async reauthorizePayment(input: ReauthorizeInput): Promise<AuthorizationAnswer> {
      const previous = await authorizationRow(db, input.orderId, input.renews);
      if (!previous?.provider_ref) throw businessFailure(FailureType.PaymentDeclined, 'nothing to renew');
      return authorizeWith(input, previous.method, previous.idempotency_key, (idempotencyKey) =>
        payments.reauthorize({
          idempotencyKey,
          authorizationReference: previous.provider_ref,
          amountMinor: input.amountMinor,
          currency: input.currency,
        }),
      );
    },

    /** Records an asynchronous result the provider notified (its notification is the source of truth). */
    async recordAuthorizationOutcome(input: {
      orderId: string;
      attempt: number;
      outcome: 'authorized' | 'declined';
      reason?: string;
      expiresAt?: string | null;
    }): Promise<void> {
      await settle(
        input.orderId,
        input.attempt,
        input.outcome === 'authorized'
          ? { status: 'authorized', expiresAt: input.expiresAt ?? null }
          : { status: 'declined', reason: input.reason ?? 'the payment failed' },
      );
    },

    /** The reconciliation query: asks the provider about an attempt whose notification is late. */
    async reconcileAuthorization(input: { orderId: string; attempt: number }): Promise<ReconciledStatus> {
      const row = await authorizationRow(db, input.orderId, input.attempt);
      if (!row?.provider_ref) return { status: 'pending' };
      let known;
      try {
        known = await payments.authorizationStatus(row.provider_ref);
      } catch (error) {
        throw outage(error);
      }
      const answer: ReconciledStatus =
        known.status === 'authorized' || known.status === 'declined' ? known : { status: 'pending' };
      await settle(input.orderId, input.attempt, answer);
      return answer;
    },

    /**
     * Captures one parcel's share when it leaves, under `<orderId>:capture:<shipmentId>`, from the
     * authorization that holds the money. A retry reuses the capture row, and so its authorization.
     */
    async captureParcelPayment(input: {
      orderId: string;
      shipmentId: string;
      amountMinor: number;
    }): Promise<{ reference: string; amountMinor: number }> {
      const key = captureKey(input.orderId, input.shipmentId);
      let capture = await db('payment_captures').where({ idempotency_key: key }).first();
      if (capture?.status === 'succeeded')
        return { reference: capture.provider_ref, amountMinor: Number(capture.amount_minor) };
      if (!capture) {
        const holding = await db('payment_authorizations')
          .where({ order_id: input.orderId, status: 'authorized' })
          .orderBy('attempt', 'desc')
          .first();
        if (!holding)
          throw businessFailure(FailureType.PaymentCaptureFailed, 'no authorization holds the money');
        await db('payment_captures')
          .insert({
            idempotency_key: key,
            order_id: input.orderId,
            authorization_key: holding.idempotency_key,
            shipment_id: input.shipmentId,
            amount_minor: input.amountMinor,
            currency: holding.currency,
            status: 'pending',
          })
          .onConflict('idempotency_key')
          .ignore();
        capture = await db('payment_captures').where({ idempotency_key: key }).first();
      }
      const authorization = await db('payment_authorizations')
        .where({ idempotency_key: capture.authorization_key })
        .first();
      try {
        const { reference } = await payments.capture({
          idempotencyKey: key,
          authorizationReference: authorization.provider_ref,
          amountMinor: Number(capture.amount_minor),
          currency: capture.currency,
        });
        await db('payment_captures')
          .where({ idempotency_key: key })
          .update({ status: 'succeeded', provider_ref: reference, updated_at: db.fn.now() });
        await syncPaymentSummary(db, input.orderId, payments.name);
        return { reference, amountMinor: Number(capture.amount_minor) };
      } catch (error) {
        if (!(error instanceof PaymentDeclinedError)) throw outage(error);
        await db('payment_captures')
          .where({ idempotency_key: key })
          .update({ status: 'failed', failure_reason: error.message, updated_at: db.fn.now() });
        throw businessFailure(FailureType.PaymentCaptureFailed, `capture refused: ${error.message}`);
      }
    },

    /**
     * Voids what the order's authorizations still hold (all of them, or one attempt's), and cancels
     * payments still awaiting the customer, so a late completion cannot take money. Undo of
     * authorizePayment; a no-op for attempts already voided or declined.
     */
    async voidAuthorization(input: { orderId: string; attempt?: number }): Promise<{ voidedMinor: number }> {
      const query = db('payment_authorizations')
        .where({ order_id: input.orderId })
        .whereIn('status', ['authorized', 'action_required'])
        .whereNotNull('provider_ref');
      if (input.attempt !== undefined) query.andWhere({ attempt: input.attempt });
      let voidedMinor = 0;
      for (const row of await query.orderBy('attempt')) {
        const key = voidKey(input.orderId, row.attempt);
        await db('payment_voids')
          .insert({
            idempotency_key: key,
            order_id: input.orderId,
            authorization_key: row.idempotency_key,
            amount_minor: 0,
            currency: row.currency,
            status: 'pending',
          })
          .onConflict('idempotency_key')
          .ignore();
        let released;
        try {
          released = await payments.void({ idempotencyKey: key, authorizationReference: row.provider_ref });
        } catch (error) {
          throw outage(error);
        }
        await db.transaction(async (trx) => {
          await trx('payment_voids').where({ idempotency_key: key }).update({
            status: 'succeeded',
            amount_minor: released.releasedMinor,
            provider_ref: released.reference,
            updated_at: trx.fn.now(),
          });
          await trx('payment_authorizations')
            .where({ idempotency_key: row.idempotency_key })
            .update({ status: 'voided', required_action: null, updated_at: trx.fn.now() });
        });
        voidedMinor += released.releasedMinor;
      }
      await syncPaymentSummary(db, input.orderId, payments.name);
      return { voidedMinor };
    },
  };
}

function answerOf(row: Record<string, unknown>): AuthorizationAnswer {
  const reference = (row.provider_ref as string | null) ?? null;
  const status = STATUS_OF[row.status as keyof typeof STATUS_OF];
  if (status === 'authorized')
    return {
      status,
      reference: reference!,
      expiresAt: row.expires_at ? new Date(row.expires_at as string).toISOString() : null,
    };
  if (status === 'action_required') {
    const action = row.required_action;
    return {
      status,
      reference: reference!,
      action: (typeof action === 'string' ? JSON.parse(action) : action) as RequiredAction,
    };
  }
  return {
    status: 'declined',
    reference,
    reason: String(row.decline_reason ?? `attempt is ${String(row.status)}`),
  };
}
