import { Router } from 'express';
import { carrierEventSignal } from '../../../workflows/checkout.messages';
import type { ApiDeps } from '../deps';
import { notFound, parse } from '../http-errors';
import { createOrderMessenger } from '../order-messenger';
import { carrierWebhookBody } from '../schemas';

/** Webhooks from outside parties, turned into signals to the right order's workflow. */
export function webhooksRouter(deps: ApiDeps): Router {
  const router = Router();
  const { signal } = createOrderMessenger(deps);

  /**
   * A carrier update. Each (parcel, status) is signalled once: the event is recorded and the signal sent
   * in one transaction, so a repeat waits for the first and is then answered as a duplicate, and a failed
   * signal (a 409 for a closed order, or an outage) leaves nothing recorded for the carrier's retry.
   */
  router.post('/carrier', async (req, res) => {
    const event = parse(carrierWebhookBody, req.body);
    const shipment = await deps
      .db('shipments')
      .where({ tracking_number: event.trackingNumber })
      .first('order_id');
    if (!shipment) throw notFound(`tracking number ${event.trackingNumber}`);
    const orderId: string = shipment.order_id;
    const duplicate = await deps.db.transaction(async (trx) => {
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
