import { Router, type RequestHandler } from 'express';
import type { Knex } from 'knex';
import { recordChargeback } from '../../payments/chargebacks';
import { callerOf } from '../../auth/authenticate';
import { verifyWebhook } from '../../webhooks/verify-webhook';
import { carrierEventSignal, paymentResultSignal } from '../../../workflows/checkout.messages';
import type { z } from 'zod';
import { allow } from '../access-policy';
import type { ApiDeps } from '../deps';
import { conflict, notFound, parse } from '../http-errors';
import { createOrderMessenger } from '../order-messenger';
import { carrierWebhookBody, paymentWebhookBody } from '../schemas';

/** Webhooks from outside parties, signed by their senders, turned into signals to the right order's workflow. */
export function webhooksRouter(deps: ApiDeps, rateLimit?: RequestHandler): Router {
  const router = Router();
  const { signal } = createOrderMessenger(deps);
  // The rate limit goes after the signature check, so that it counts per verified sender (and per IP).
  router.use(verifyWebhook(deps.webhookSenders), ...(rateLimit ? [rateLimit] : []));

  /**
   * A carrier update, only for that carrier's own parcels (another's tracking number is unknown to it).
   * Each event id, and each (parcel, status), is signalled once: both are recorded and the signal sent in
   * one transaction, so a replay or repeat waits for the first and is then answered as a duplicate, and a
   * failed signal (a 409 for a closed order, or an outage) leaves nothing recorded for the carrier's retry.
   */
  router.post('/carrier', allow('POST /v1/webhooks/carrier'), async (req, res) => {
    const { eventId, ...event } = parse(carrierWebhookBody, req.body);
    const carrier = callerOf(res).subject;
    const shipment = await deps
      .db('shipments')
      .where({ tracking_number: event.trackingNumber, carrier })
      .first('order_id');
    if (!shipment) throw notFound(`tracking number ${event.trackingNumber}`);
    const orderId: string = shipment.order_id;
    const duplicate = await deps.db.transaction(async (trx) => {
      if (!(await claimWebhookEvent(trx, carrier, eventId))) return true;
      const recorded = await trx('carrier_events')
        .insert({ tracking_number: event.trackingNumber, status: event.status, order_id: orderId })
        .onConflict(['tracking_number', 'status'])
        .ignore()
        .returning('status');
      if (recorded.length === 0) return true;
      // A parcel held by an exception may move again, and be held again: each of the two clears the other's
      // record, so the next one reaches the run (a repeat of the same status is still dropped).
      const other = ALTERNATING[event.status];
      if (other)
        await trx('carrier_events').where({ tracking_number: event.trackingNumber, status: other }).delete();
      await signal(orderId, carrierEventSignal, event);
      return false;
    });
    res.status(duplicate ? 200 : 202).json({ orderId, accepted: true, duplicate });
  });

  /**
   * A payment provider's report: a confirmed chargeback, or an asynchronous payment's result, each only for
   * that provider's own payments.
   */
  router.post('/payments', allow('POST /v1/webhooks/payments'), async (req, res) => {
    const event = parse(paymentWebhookBody, req.body);
    const provider = callerOf(res).subject;
    if (event.type !== 'chargeback.confirmed') {
      const result = await signalPaymentResult(deps, provider, event);
      res.status(result.duplicate ? 200 : 202).json(result);
      return;
    }
    const { eventId, paymentReference, amountMinor, reason } = event;
    const payment = await deps
      .db('payments')
      .where({ provider_ref: paymentReference, provider })
      .first('order_id');
    if (!payment) throw notFound(`payment ${paymentReference}`);
    const orderId: string = payment.order_id;
    const outcome = await deps.db.transaction(async (trx) => {
      if (!(await claimWebhookEvent(trx, provider, eventId))) return { kind: 'repeated' as const };
      return recordChargeback(trx, {
        orderId,
        amountMinor,
        ...(reason ? { reason } : {}),
        source: 'provider-webhook',
        reportedBy: provider,
      });
    });
    if (outcome.kind === 'refused') throw conflict(outcome.message, outcome.field);
    res
      .status(outcome.kind === 'recorded' ? 202 : 200)
      .json({ orderId, accepted: true, duplicate: outcome.kind === 'repeated' });
  });

  type PaymentEvent = Exclude<z.infer<typeof paymentWebhookBody>, { type: 'chargeback.confirmed' }>;

  /**
   * An asynchronous payment's result becomes a signal to the order's workflow, which handles each event id
   * once and only the first final outcome per authorization. The authorization is found by the provider's
   * reference, or by our key (`merchantReference`) when the notification overtakes the provider's reply.
   * The event id is claimed in the transaction that signals, so a replay is answered as a duplicate.
   */
  async function signalPaymentResult(api: ApiDeps, provider: string, event: PaymentEvent) {
    const byReference = await api
      .db('payment_authorizations')
      .where({ provider_ref: event.paymentReference, provider })
      .first('order_id');
    const byKey =
      byReference ??
      (event.merchantReference
        ? await api
            .db('payment_authorizations')
            .where({ idempotency_key: event.merchantReference, provider })
            .where((q) => q.whereNull('provider_ref').orWhere({ provider_ref: event.paymentReference }))
            .first('order_id')
        : undefined);
    if (!byKey) throw notFound(`payment ${event.paymentReference}`);
    const orderId: string = byKey.order_id;
    const outcome = event.type.slice('payment.'.length) as 'authorized' | 'failed' | 'pending';
    const duplicate = await api.db.transaction(async (trx) => {
      if (!(await claimWebhookEvent(trx, provider, event.eventId))) return true;
      await signal(orderId, paymentResultSignal, {
        eventId: `${provider}:${event.eventId}`,
        reference: event.paymentReference,
        outcome,
        ...(event.reason ? { reason: event.reason } : {}),
        ...(event.expiresAt !== undefined ? { expiresAt: event.expiresAt } : {}),
      });
      return false;
    });
    return { orderId, accepted: true, duplicate };
  }

  return router;
}

const ALTERNATING: Partial<Record<string, string>> = { exception: 'in_transit', in_transit: 'exception' };

/** Claims a sender's event id; false when it was seen before (a replay or a retry of a delivered event). */
async function claimWebhookEvent(trx: Knex.Transaction, sender: string, eventId: string): Promise<boolean> {
  const fresh = await trx('webhook_events')
    .insert({ sender, event_id: eventId })
    .onConflict(['sender', 'event_id'])
    .ignore()
    .returning('event_id');
  return fresh.length > 0;
}
