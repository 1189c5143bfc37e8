import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { callerOf } from '../../auth/authenticate';
import { isStaff } from '../../auth/roles';
import { recordAudit } from '../../db/repos/audit-log.repo';
import { customerOrderView } from '../../db/repos/customer-order-view';
import { recordChargeback } from '../../payments/chargebacks';
import { listOrders, loadOrderView } from '../../db/repos/order-view.repo';
import { hasEnded } from '../../domain/order-status';
import {
  cancelUpdate,
  receiptUpdate,
  refundSignal,
  reviewUpdate,
  statusQuery,
} from '../../../workflows/checkout.messages';
import { refundableMinor } from '../../../workflows/checkout.state';
import { allow } from '../access-policy';
import type { ApiDeps } from '../deps';
import { conflict, notFound, parse } from '../http-errors';
import { orderAccess } from '../order-access';
import { idempotencyKeyOf, idFromKey } from '../idempotency';
import { createOrderMessenger } from '../order-messenger';
import { placeOrder } from '../place-order';
import {
  cancelBody,
  chargebackBody,
  createOrderBody,
  listOrdersQuery,
  refundBody,
  reviewBody,
} from '../schemas';

/** Orders: create, read, list, and the requests that become workflow signals. */
export function ordersRouter(deps: ApiDeps): Router {
  const router = Router();
  const { handleOf, signal, command } = createOrderMessenger(deps);

  const orderOf = orderAccess(deps);

  /** Records a staff member's action on an order; customers' own actions are in the order's timeline. */
  async function auditIfStaff(
    res: Response,
    orderId: string,
    action: string,
    before: unknown,
    after: unknown,
  ) {
    const actor = callerOf(res);
    if (isStaff(actor))
      await recordAudit(deps.db, { actor, action, target: { type: 'order', id: orderId }, before, after });
  }

  router.post('/', allow('POST /v1/orders'), async (req, res) => {
    const body = parse(createOrderBody, req.body);
    const customerId = callerOf(res).customerId!;
    res.status(202).json(await placeOrder(deps, customerId, body, idempotencyKeyOf(req)));
  });

  router.get('/', allow('GET /v1/orders'), async (req, res) => {
    const filter = parse(listOrdersQuery, req.query, 'query');
    // A customer lists their own orders, whatever the filter asks.
    const customerId = callerOf(res).customerId ?? filter.customerId;
    res.json({ orders: await listOrders(deps.db, { ...filter, customerId }) });
  });

  router.get('/:id', allow('GET /v1/orders/{id}'), async (req, res) => {
    const { orderId } = await orderOf(req, res);
    const order = await loadOrderView(deps.db, orderId);
    if (!order) throw notFound(`order ${orderId}`);
    res.json(isStaff(callerOf(res)) ? order : customerOrderView(order));
  });

  router.post('/:id/cancel', allow('POST /v1/orders/{id}/cancel'), async (req, res) => {
    const { reason } = parse(cancelBody, req.body);
    const { orderId, status: before } = await orderOf(req, res);
    const { status, repeated } = await command(orderId, cancelUpdate, {
      reason: reason ?? 'cancelled by request',
    });
    if (!repeated)
      await auditIfStaff(
        res,
        orderId,
        'order.cancel',
        { status: before },
        { status, reason: reason ?? null },
      );
    res.status(202).json({ orderId, status, cancellation: 'requested' });
  });

  router.post('/:id/refunds', allow('POST /v1/orders/{id}/refunds'), async (req, res) => {
    const body = parse(refundBody, req.body);
    const key = idempotencyKeyOf(req);
    const { orderId, status } = await orderOf(req, res);
    // An ended order is answered from its row: no need to ask a run that may be busy or have no worker.
    if (hasEnded(status)) throw conflict(`nothing to refund: order is ${status}`);
    // The workflow decides, but the caller deserves a clear 409 for what it would refuse anyway.
    const state = await handleOf(orderId).query(statusQuery);
    const refundable = refundableMinor(state);
    const refundId = body.refundId ?? (key ? idFromKey(key) : randomUUID());
    const known = state.refunds.find((r) => r.refundId === refundId);
    if (known) {
      res.status(202).json({ orderId, refundId, status: known.status, amountMinor: known.amountMinor });
      return;
    }
    if (refundable <= 0 || hasEnded(state.status))
      throw conflict(`nothing to refund: order is ${state.status}`);
    if (body.amountMinor !== undefined && body.amountMinor > refundable) {
      throw conflict(`amountMinor ${body.amountMinor} exceeds the refundable ${refundable}`, 'amountMinor');
    }
    const amountMinor = body.amountMinor ?? refundable;
    await signal(orderId, refundSignal, {
      refundId,
      amountMinor,
      reason: body.reason ?? 'refund requested',
    });
    await auditIfStaff(
      res,
      orderId,
      'order.refund',
      { refundableMinor: refundable },
      { refundId, amountMinor, reason: body.reason ?? null },
    );
    res.status(202).json({ orderId, refundId, status: 'requested', amountMinor });
  });

  /** A refund request's outcome: the workflow's view while it can answer, else the refunds table. */
  router.get('/:id/refunds/:refundId', allow('GET /v1/orders/{id}/refunds/{refundId}'), async (req, res) => {
    const { orderId } = await orderOf(req, res);
    const refundId = String(req.params.refundId);
    const state = await handleOf(orderId)
      .query(statusQuery)
      .catch(() => undefined);
    const fromWorkflow = state?.refunds.find((r) => r.refundId === refundId);
    if (fromWorkflow) {
      res.json({ orderId, ...fromWorkflow });
      return;
    }
    const row = await deps.db('refunds').where({ order_id: orderId, id: refundId }).first();
    if (!row) throw notFound(`refund ${refundId} of order ${orderId}`);
    res.json({
      orderId,
      refundId,
      amountMinor: row.amount_minor,
      reason: row.reason,
      status: row.status === 'succeeded' ? 'succeeded' : 'requested',
    });
  });

  router.post('/:id/receipt', allow('POST /v1/orders/{id}/receipt'), async (req, res) => {
    const { orderId, status: before } = await orderOf(req, res);
    const { status, repeated } = await command(orderId, receiptUpdate);
    // A repeat changed nothing, so it is not an action to audit.
    if (!repeated) await auditIfStaff(res, orderId, 'order.receipt', { status: before }, { status });
    res.status(202).json({ orderId, receipt: 'confirmed' });
  });

  router.post('/:id/review', allow('POST /v1/orders/{id}/review'), async (req, res) => {
    const { decision, note } = parse(reviewBody, req.body);
    const { orderId, status: before } = await orderOf(req, res);
    // The reviewer is whoever holds the credential, so nobody can decide in another's name.
    const reviewer = callerOf(res).subject;
    const { status, repeated } = await command(orderId, reviewUpdate, {
      decision,
      reviewer,
      ...(note ? { note } : {}),
    });
    if (!repeated)
      await auditIfStaff(
        res,
        orderId,
        'order.review',
        { status: before },
        { status, decision, note: note ?? null },
      );
    res.status(202).json({ orderId, review: decision });
  });

  /** Support records a chargeback the provider confirmed by other means (a letter, its dashboard). */
  router.post('/:id/chargebacks', allow('POST /v1/orders/{id}/chargebacks'), async (req, res) => {
    const { amountMinor, reason } = parse(chargebackBody, req.body);
    const { orderId } = await orderOf(req, res);
    const actor = callerOf(res);
    const outcome = await deps.db.transaction(async (trx) => {
      const result = await recordChargeback(trx, {
        orderId,
        amountMinor,
        ...(reason ? { reason } : {}),
        source: 'support',
        reportedBy: actor.subject,
      });
      if (result.kind === 'recorded')
        await recordAudit(trx, {
          actor,
          action: 'order.chargeback',
          target: { type: 'order', id: orderId },
          before: null,
          after: { amountMinor, reason: reason ?? null },
        });
      return result;
    });
    if (outcome.kind === 'refused') throw conflict(outcome.message, outcome.field);
    res.status(outcome.kind === 'recorded' ? 201 : 200).json({ orderId, chargeback: outcome.kind });
  });

  return router;
}
