import { createHash, randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { listOrders, loadOrderView } from '../../db/repos/order-view.repo';
import { hasEnded, type OrderStatus as Status } from '../../domain/order-status';
import {
  cancelUpdate,
  receiptUpdate,
  refundSignal,
  reviewUpdate,
  statusQuery,
} from '../../../workflows/checkout.messages';
import { refundableMinor } from '../../../workflows/checkout.state';
import type { ApiDeps } from '../deps';
import { conflict, invalid, notFound, parse } from '../http-errors';
import { createOrderMessenger } from '../order-messenger';
import { placeOrder } from '../place-order';
import { cancelBody, createOrderBody, listOrdersQuery, refundBody, reviewBody } from '../schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request's Idempotency-Key header: absent, or 1 to 200 visible ASCII characters (else a 400). */
function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key))
    throw invalid('Idempotency-Key', 'must be 1 to 200 visible ASCII characters');
  return key;
}

/** A refund id derived from an Idempotency-Key: bounded and colon-free, whatever the key holds. */
const refundIdFromKey = (key: string) => `key-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

/** Orders: create, read, list, and the requests that become workflow signals. */
export function ordersRouter(deps: ApiDeps): Router {
  const router = Router();
  const { handleOf, signal, command } = createOrderMessenger(deps);

  /** The order's current status, or a 404 for ids that are not ours. */
  async function statusOf(req: Request): Promise<{ orderId: string; status: Status }> {
    const orderId = String(req.params.id);
    const row = UUID.test(orderId)
      ? await deps.db('orders').where({ id: orderId }).first('status')
      : undefined;
    if (!row) throw notFound(`order ${orderId}`);
    return { orderId, status: row.status };
  }

  router.post('/', async (req, res) => {
    const body = parse(createOrderBody, req.body);
    res.status(202).json(await placeOrder(deps, body, idempotencyKeyOf(req)));
  });

  router.get('/', async (req, res) => {
    res.json({ orders: await listOrders(deps.db, parse(listOrdersQuery, req.query, 'query')) });
  });

  router.get('/:id', async (req, res) => {
    const orderId = String(req.params.id);
    const order = UUID.test(orderId) ? await loadOrderView(deps.db, orderId) : undefined;
    if (!order) throw notFound(`order ${orderId}`);
    res.json(order);
  });

  router.post('/:id/cancel', async (req, res) => {
    const { reason } = parse(cancelBody, req.body);
    const { orderId } = await statusOf(req);
    const { status } = await command(orderId, cancelUpdate, { reason: reason ?? 'cancelled by request' });
    res.status(202).json({ orderId, status, cancellation: 'requested' });
  });

  router.post('/:id/refunds', async (req, res) => {
    const body = parse(refundBody, req.body);
    const key = idempotencyKeyOf(req);
    const { orderId, status } = await statusOf(req);
    // An ended order is answered from its row: no need to ask a run that may be busy or have no worker.
    if (hasEnded(status)) throw conflict(`nothing to refund: order is ${status}`);
    // The workflow decides, but the caller deserves a clear 409 for what it would refuse anyway.
    const state = await handleOf(orderId).query(statusQuery);
    const refundable = refundableMinor(state);
    const refundId = body.refundId ?? (key ? refundIdFromKey(key) : randomUUID());
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
    res.status(202).json({ orderId, refundId, status: 'requested', amountMinor });
  });

  /** A refund request's outcome: the workflow's view while it can answer, else the refunds table. */
  router.get('/:id/refunds/:refundId', async (req, res) => {
    const { orderId } = await statusOf(req);
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

  router.post('/:id/receipt', async (req, res) => {
    const { orderId } = await statusOf(req);
    await command(orderId, receiptUpdate);
    res.status(202).json({ orderId, receipt: 'confirmed' });
  });

  router.post('/:id/review', async (req, res) => {
    const decision = parse(reviewBody, req.body);
    const { orderId } = await statusOf(req);
    await command(orderId, reviewUpdate, decision);
    res.status(202).json({ orderId, review: decision.decision });
  });

  return router;
}
