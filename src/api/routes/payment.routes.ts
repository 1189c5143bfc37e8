import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { callerOf } from '../../auth/authenticate';
import { isStaff } from '../../auth/roles';
import { customerPaymentView, loadPaymentView } from '../../db/repos/payment-view.repo';
import { retryPaymentUpdate, statusQuery } from '../../../workflows/checkout.messages';
import { allow } from '../access-policy';
import type { ApiDeps } from '../deps';
import { conflict, notFound, parse } from '../http-errors';
import { idempotencyKeyOf, idFromKey } from '../idempotency';
import { createOrderAccess } from '../order-access';
import { createOrderMessenger } from '../order-messenger';
import { paymentOfOrder } from '../place-order';
import { paymentAttemptBody } from '../schemas';

/** An order's payment: its status, and another attempt after a decline. */
export function paymentRouter(deps: ApiDeps): Router {
  const router = Router();
  const { handleOf, command } = createOrderMessenger(deps);
  const { orderOf } = createOrderAccess(deps);

  router.get('/:id/payment', allow('GET /v1/orders/{id}/payment'), async (req, res) => {
    const { orderId, status } = await orderOf(req, res);
    // What the customer must do lives in the run while it waits (a retry's window too).
    const fromRun =
      status === 'awaiting_payment'
        ? await handleOf(orderId)
            .query(statusQuery)
            .then((state) => ({ requiredAction: state.paymentDetails?.requiredAction ?? null }))
            .catch(() => undefined)
        : undefined;
    const view = await loadPaymentView(deps.db, orderId, fromRun);
    if (!view) throw notFound(`order ${orderId}`);
    res.json(isStaff(callerOf(res)) ? view : customerPaymentView(view));
  });

  /**
   * Pays another way after a decline, on the same order and reservation: an Update whose validator refuses
   * (409, with the reason) when no declined payment waits for one. A card is vaulted under the retry's id
   * (from the Idempotency-Key, so a repeat is the same retry), never sent to the workflow as a token.
   */
  router.post('/:id/payment-attempts', allow('POST /v1/orders/{id}/payment-attempts'), async (req, res) => {
    const { payment } = parse(paymentAttemptBody, req.body);
    const key = idempotencyKeyOf(req);
    const { orderId } = await orderOf(req, res);
    // Asked first, so a refused retry leaves no card in the vault.
    const state = await handleOf(orderId)
      .query(statusQuery)
      .catch(() => undefined);
    if (state?.paymentDetails?.requiredAction?.type !== 'retry')
      throw conflict(`there is no declined payment to retry; the order is ${state?.status ?? 'closed'}`);
    const retryId = key ? idFromKey(key) : randomUUID();
    const instrument = await paymentOfOrder(deps, orderId, payment, retryId);
    const { status, repeated } = await command(orderId, retryPaymentUpdate, { retryId, payment: instrument });
    res.status(202).json({ orderId, status, retry: repeated ? 'already requested' : 'requested' });
  });

  return router;
}
