import type { Knex } from 'knex';
import { FailureType } from '../src/domain/failure-types';
import { PaymentDeclinedError, type PaymentProvider } from '../src/payments/payment-provider';
import { businessFailure, lockOrder } from './business-failure';
import { refundPartKey } from './payment-ledger';

interface Part {
  provider_key: string;
  capture_key: string;
  amount_minor: number | string;
  status: string;
  provider_ref: string | null;
}

/** True when the order was paid by authorize-then-capture and something was captured. */
export async function hasCaptures(db: Knex, orderId: string): Promise<boolean> {
  return (
    (await db('payment_captures').where({ order_id: orderId, status: 'succeeded' }).first('order_id')) !==
    undefined
  );
}

/**
 * A refund of an order paid in several captures: drawn on the captures newest first (the last parcel
 * shipped is the likeliest to come back), each part under `<orderId>:refund:<refundId>:capture:<shipmentId>`,
 * never above what a capture has left. Planned under the order lock, so concurrent refunds never add up past
 * what was captured; idempotent by refundId, like refunds of one-step charges.
 */
export async function refundCaptures(
  db: Knex,
  payments: PaymentProvider,
  input: {
    orderId: string;
    refundId: string;
    amountMinor: number | null;
    reason: string;
    providerKey: string;
  },
): Promise<{ amountMinor: number; reference: string | null }> {
  const { orderId, refundId } = input;
  const planned = await db.transaction(async (trx) => {
    await lockOrder(trx, orderId);
    const previous = await trx('refunds').where({ order_id: orderId, id: refundId }).first();
    if (previous?.status === 'refused')
      throw businessFailure(FailureType.RefundRefusedByProvider, 'the provider refused this refund');
    if (previous)
      return { amount: Number(previous.amount_minor), parts: await partsOf(trx, orderId, refundId) };
    const captures = await trx('payment_captures as c')
      .where({ 'c.order_id': orderId, 'c.status': 'succeeded' })
      .select(
        'c.idempotency_key',
        'c.amount_minor',
        'c.currency',
        trx.raw(
          "c.amount_minor - coalesce((SELECT sum(p.amount_minor) FROM refund_captures p WHERE p.capture_key = c.idempotency_key AND p.status <> 'refused'), 0) AS left_minor",
        ),
      )
      .orderBy('c.created_at', 'desc');
    const remaining = captures.reduce((sum, c) => sum + Number(c.left_minor), 0);
    const amount = input.amountMinor ?? remaining;
    if (amount === 0 && input.amountMinor === null) return { amount: 0, parts: [] as Part[] };
    if (amount <= 0 || amount > remaining)
      throw businessFailure(
        FailureType.RefundNotAllowed,
        `refund of ${amount} refused: ${Math.max(remaining, 0)} is left to refund`,
      );
    await trx('refunds').insert({
      id: refundId,
      order_id: orderId,
      provider_key: input.providerKey,
      amount_minor: amount,
      currency: captures[0].currency,
      status: 'pending',
      reason: input.reason.slice(0, 200),
    });
    let owed = amount;
    for (const capture of captures) {
      const take = Math.min(owed, Number(capture.left_minor));
      if (take <= 0) continue;
      owed -= take;
      await trx('refund_captures').insert({
        provider_key: refundPartKey(orderId, refundId, capture.idempotency_key),
        refund_id: refundId,
        order_id: orderId,
        capture_key: capture.idempotency_key,
        amount_minor: take,
        status: 'pending',
      });
    }
    return { amount, parts: await partsOf(trx, orderId, refundId) };
  });

  let reference: string | null = null;
  for (const part of planned.parts) {
    if (part.status === 'succeeded') {
      reference ??= part.provider_ref;
      continue;
    }
    const capture = await db('payment_captures').where({ idempotency_key: part.capture_key }).first();
    try {
      const done = await payments.refund({
        idempotencyKey: part.provider_key,
        chargeReference: capture.provider_ref,
        amountMinor: Number(part.amount_minor),
        currency: capture.currency,
      });
      reference ??= done.reference;
      await db('refund_captures')
        .where({ provider_key: part.provider_key })
        .update({ status: 'succeeded', provider_ref: done.reference, updated_at: db.fn.now() });
    } catch (error) {
      if (!(error instanceof PaymentDeclinedError)) throw error; // an outage: retried with the same keys
      await db.transaction(async (trx) => {
        await trx('refund_captures').where({ provider_key: part.provider_key }).update({ status: 'refused' });
        await trx('refunds').where({ order_id: orderId, id: refundId }).update({ status: 'refused' });
      });
      throw businessFailure(FailureType.RefundRefusedByProvider, `the provider refused: ${error.message}`);
    }
  }
  if (planned.parts.length > 0)
    await db('refunds')
      .where({ order_id: orderId, id: refundId })
      .update({ status: 'succeeded', provider_ref: reference, updated_at: db.fn.now() });
  return { amountMinor: planned.amount, reference };
}

const partsOf = (trx: Knex.Transaction, orderId: string, refundId: string): Promise<Part[]> =>
  trx('refund_captures').where({ order_id: orderId, refund_id: refundId }).orderBy('provider_key');
