import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { callerOf } from '../../auth/authenticate';
import {
  changeAddressUpdate,
  changeLineUpdate,
  lostParcelUpdate,
  statusQuery,
  type ChangeResult,
} from '../../../workflows/checkout.messages';
import { allow } from '../access-policy';
import type { ApiDeps } from '../deps';
import { invalid, parse } from '../http-errors';
import { idempotencyKeyOf, idFromKey } from '../idempotency';
import { createOrderAccess } from '../order-access';
import { createOrderMessenger } from '../order-messenger';
import { addressChangeBody, lineChangeBody, lostParcelBody } from '../schemas';

const TRACKING = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Changing an order before dispatch (a new address, a line removed or lowered) and support's decision on a
 * lost parcel. Each is an Update of the order's workflow: a change no longer allowed is a 409 with the
 * reason, and writes nothing. A change's id (body `changeId`, else derived from `Idempotency-Key`, else new)
 * makes a repeat a no-op answered with the first outcome.
 */
export function orderChangesRouter(deps: ApiDeps): Router {
  const router = Router();
  const { handleOf, command } = createOrderMessenger(deps);
  const { orderOf, auditIfStaff } = createOrderAccess(deps);

  const changeIdOf = (req: Request, fromBody: string | undefined) => {
    const key = idempotencyKeyOf(req);
    return fromBody ?? (key ? idFromKey(key) : randomUUID());
  };

  /** Sends a change and answers with its outcome; a repeat is answered from the order's state. */
  async function sendChange(
    res: Response,
    orderId: string,
    changeId: string,
    send: () => Promise<Partial<ChangeResult> & { status: string; repeated: boolean }>,
    audit: { action: string; before: unknown; after: unknown },
  ) {
    const result = await send();
    const change =
      result.change ??
      (await handleOf(orderId).query(statusQuery)).changes?.find((c) => c.changeId === changeId);
    if (!result.repeated) await auditIfStaff(res, orderId, audit.action, audit.before, audit.after);
    res.status(change?.status === 'applied' ? 200 : 202).json({ orderId, status: result.status, change });
  }

  router.patch('/:id/shipping-address', allow('PATCH /v1/orders/{id}/shipping-address'), async (req, res) => {
    const { changeId: given, lat, lon, ...shippingAddress } = parse(addressChangeBody, req.body);
    if ((lat === undefined) !== (lon === undefined))
      throw invalid(lat === undefined ? 'lat' : 'lon', 'lat and lon go together');
    const { orderId, status: before } = await orderOf(req, res);
    const changeId = changeIdOf(req, given);
    await sendChange(
      res,
      orderId,
      changeId,
      () =>
        command(orderId, changeAddressUpdate, {
          changeId,
          shippingAddress,
          requestedBy: callerOf(res).subject,
        }),
      {
        action: 'order.change_address',
        before: { status: before },
        after: { changeId, country: shippingAddress.country },
      },
    );
  });

  router.post('/:id/changes', allow('POST /v1/orders/{id}/changes'), async (req, res) => {
    const body = parse(lineChangeBody, req.body);
    const { orderId, status: before } = await orderOf(req, res);
    const changeId = changeIdOf(req, body.changeId);
    const quantity = body.type === 'reduce_quantity' ? body.quantity : undefined;
    await sendChange(
      res,
      orderId,
      changeId,
      () =>
        command(orderId, changeLineUpdate, {
          changeId,
          type: body.type,
          sku: body.sku,
          ...(quantity !== undefined ? { quantity } : {}),
          requestedBy: callerOf(res).subject,
        }),
      { action: 'order.change_line', before: { status: before }, after: { changeId, ...body } },
    );
  });

  router.post(
    '/:id/lost-parcels/:trackingNumber/decision',
    allow('POST /v1/orders/{id}/lost-parcels/{trackingNumber}/decision'),
    async (req, res) => {
      const { decision, note } = parse(lostParcelBody, req.body);
      const trackingNumber = String(req.params.trackingNumber);
      if (!TRACKING.test(trackingNumber))
        throw invalid('trackingNumber', 'must be 1 to 64 letters, digits, ".", "_" or "-"');
      const { orderId, status: before } = await orderOf(req, res);
      const decidedBy = callerOf(res).subject;
      const { status, repeated } = await command(orderId, lostParcelUpdate, {
        trackingNumber,
        decision,
        decidedBy,
        ...(note ? { note } : {}),
      });
      if (!repeated)
        await auditIfStaff(
          res,
          orderId,
          'order.lost_parcel',
          { status: before, trackingNumber },
          { decision, note: note ?? null },
        );
      res.status(202).json({ orderId, trackingNumber, decision, status });
    },
  );

  return router;
}
