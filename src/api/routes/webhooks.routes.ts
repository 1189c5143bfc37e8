import { WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { checkoutWorkflowId } from '../../temporal/workflow-ids';
import { carrierEventSignal } from '../../../workflows/checkout.messages';
import type { ApiDeps } from '../deps';
import { conflict, notFound, parse } from '../http-errors';
import { carrierWebhookBody } from '../schemas';

/** Webhooks from outside parties, turned into signals to the right order's workflow. */
export function webhooksRouter({ db, temporal }: ApiDeps): Router {
  const router = Router();

  router.post('/carrier', async (req, res) => {
    const event = parse(carrierWebhookBody, req.body);
    const shipment = await db('shipments').where({ tracking_number: event.trackingNumber }).first('order_id');
    if (!shipment) throw notFound(`tracking number ${event.trackingNumber}`);
    try {
      await temporal.workflow
        .getHandle(checkoutWorkflowId(shipment.order_id))
        .signal(carrierEventSignal, event);
    } catch (error) {
      // The order's run has ended (cancelled, or its return window closed): nothing is listening.
      if (error instanceof WorkflowNotFoundError) throw conflict(`order ${shipment.order_id} is closed`);
      throw error;
    }
    res.status(202).json({ orderId: shipment.order_id, accepted: true });
  });

  return router;
}
