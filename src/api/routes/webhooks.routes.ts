import { Router } from 'express';
import { callerOf } from '../../auth/authenticate';
import { verifyWebhook } from '../../webhooks/verify-webhook';
import { carrierEventSignal } from '../../../workflows/checkout.messages';
import { allow } from '../access-policy';
import type { ApiDeps } from '../deps';
import { notFound, parse } from '../http-errors';
import { createOrderMessenger } from '../order-messenger';
import { carrierWebhookBody } from '../schemas';

/** Webhooks from outside parties, signed by their senders, turned into signals to the right order's workflow. */
export function webhooksRouter(deps: ApiDeps): Router {
  const router = Router();
  const { signal } = createOrderMessenger(deps);
  router.use(verifyWebhook(deps.webhookSenders));

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
      const fresh = await trx('webhook_events')
        .insert({ sender: carrier, event_id: eventId })
        .onConflict(['sender', 'event_id'])
        .ignore()
        .returning('event_id');
      if (fresh.length === 0) return true;
      const recorded = await trx('carrier_events')
        .insert({ tracking_number: event.trackingNumber, status: event.status, order_id: orderId })
        .onConflict(['tracking_number', 'status'])
        .ignore()
        .returning('status');
      if (recorded.length === 0) return true;
      await signal(orderId, carrierEventSignal, event);
      return false;
    });
    res.status(duplicate ? 200 : 202).json({ orderId, accepted: true, duplicate });
  });

  return router;
}
