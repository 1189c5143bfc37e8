import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { callerOf } from '../../auth/authenticate';
import { isStaff } from '../../auth/roles';
import type { RefundApplication } from '../../domain/refund-applications';
import { hasEnded } from '../../domain/order-status';
import {
  refundApplicationSignal,
  refundDecisionUpdate,
  statusQuery,
} from '../../../workflows/checkout.messages';
import { applicationOf, assessApplication, isRefusal } from '../../../workflows/checkout.refund-rules';
import { allow } from '../access-policy';
import type { ApiDeps } from '../deps';
import { conflict, invalid, notFound, parse } from '../http-errors';
import { idempotencyKeyOf, idFromKey } from '../idempotency';
import { createOrderAccess } from '../order-access';
import { createOrderMessenger } from '../order-messenger';
import { applicationIdParam, refundApplicationBody, refundDecisionBody } from '../schemas';
import { applicationFromRow, applicationView } from '../refund-application-view';

/**
 * Refund applications: a customer (or support for them) applies, reads the status, and support decides.
 * Each application is a signal to the order's workflow, which is the source of truth; the
 * `refund_applications` table projects it for reads once the run has closed.
 */
export function refundApplicationsRouter(deps: ApiDeps): Router {
  const router = Router();
  const { handleOf, signal, command } = createOrderMessenger(deps);
  const { orderOf, auditIfStaff } = createOrderAccess(deps);

  /** The order's applications: the run's while it answers, else the projection. */
  async function applicationsOf(orderId: string): Promise<{ currency: string; list: RefundApplication[] }> {
    const state = await handleOf(orderId)
      .query(statusQuery)
      .catch(() => undefined);
    if (state) return { currency: state.currency, list: state.refundApplications ?? [] };
    const rows = await deps.db('refund_applications').where({ order_id: orderId }).orderBy('submitted_at');
    const order = await deps.db('orders').where({ id: orderId }).first('currency');
    return { currency: order.currency, list: rows.map(applicationFromRow) };
  }

  /** Customers see their applications without the warehouses their parcels go back to. */
  const viewFor = (res: Response, orderId: string, currency: string, app: RefundApplication) => {
    const view = applicationView(orderId, currency, app);
    if (isStaff(callerOf(res))) return view;
    return { ...view, returnParcels: view.returnParcels.map(({ warehouseId: _w, ...parcel }) => parcel) };
  };

  const path = '/:id/refund-applications';

  router.post(path, allow('POST /v1/orders/{id}/refund-applications'), async (req, res) => {
    // The order first: another customer's order is a 404 whatever the body holds.
    const { orderId, status } = await orderOf(req, res);
    const body = parse(refundApplicationBody, req.body);
    const key = idempotencyKeyOf(req);
    if (hasEnded(status)) throw conflict(`the order is ${status}: it takes no refund applications`);
    const state = await handleOf(orderId).query(statusQuery);
    const applicationId = body.applicationId ?? (key ? idFromKey(key) : randomUUID());
    const known = applicationOf(state, applicationId);
    if (known) {
      res.status(202).json(viewFor(res, orderId, state.currency, known));
      return;
    }
    const lines = await deps
      .db('order_lines')
      .where({ order_id: orderId })
      .select('sku', 'quantity', 'unit_price_minor');
    const orderLines = lines.map((l) => ({
      sku: l.sku as string,
      quantity: Number(l.quantity),
      unitPriceMinor: Number(l.unit_price_minor),
    }));
    // The workflow checks again (and decides); this answers now what it would refuse anyway.
    const outcome = assessApplication(state, orderLines, body, Date.now());
    if (isRefusal(outcome)) {
      if (outcome.kind === 'invalid') throw invalid(outcome.field ?? 'body', outcome.message);
      throw conflict(outcome.message, outcome.field);
    }
    const filedBy = callerOf(res).subject;
    await signal(orderId, refundApplicationSignal, { ...body, applicationId, filedBy });
    await auditIfStaff(res, orderId, 'order.refund_application', null, {
      applicationId,
      ...body,
      amountMinor: outcome.amountMinor,
    });
    res.status(202).json({
      orderId,
      applicationId,
      status: 'submitted',
      amountMinor: outcome.amountMinor,
      currency: state.currency,
      needsReturn: outcome.needsReturn,
    });
  });

  router.get(path, allow('GET /v1/orders/{id}/refund-applications'), async (req, res) => {
    const { orderId } = await orderOf(req, res);
    const { currency, list } = await applicationsOf(orderId);
    res.json({ orderId, applications: list.map((a) => viewFor(res, orderId, currency, a)) });
  });

  router.get(
    `${path}/:applicationId`,
    allow('GET /v1/orders/{id}/refund-applications/{applicationId}'),
    async (req, res) => {
      const { orderId } = await orderOf(req, res);
      const applicationId = String(req.params.applicationId);
      const { currency, list } = await applicationsOf(orderId);
      const found = list.find((a) => a.applicationId === applicationId);
      if (!found) throw notFound(`refund application ${applicationId} of order ${orderId}`);
      res.json(viewFor(res, orderId, currency, found));
    },
  );

  router.post(
    `${path}/:applicationId/decision`,
    allow('POST /v1/orders/{id}/refund-applications/{applicationId}/decision'),
    async (req, res) => {
      const { decision, note } = parse(refundDecisionBody, req.body);
      const applicationId = parse(applicationIdParam, req.params.applicationId, 'applicationId');
      const { orderId } = await orderOf(req, res);
      const state = await handleOf(orderId).query(statusQuery);
      const before = applicationOf(state, applicationId);
      if (!before) throw notFound(`refund application ${applicationId} of order ${orderId}`);
      // The reviewer is whoever holds the credential, so nobody can decide in another's name.
      const reviewer = callerOf(res).subject;
      const { repeated } = await command(orderId, refundDecisionUpdate, {
        applicationId,
        decision,
        reviewer,
        ...(note ? { note } : {}),
      });
      if (!repeated)
        await auditIfStaff(
          res,
          orderId,
          'order.refund_decision',
          { applicationId, status: before.status, amountMinor: before.amountMinor },
          { applicationId, decision, note: note ?? null },
        );
      res.status(202).json({ orderId, applicationId, decision });
    },
  );

  return router;
}
