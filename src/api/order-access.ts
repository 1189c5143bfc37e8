import type { Request, Response } from 'express';
import { callerOf } from '../auth/authenticate';
import { isStaff } from '../auth/roles';
import { recordAudit } from '../db/repos/audit-log.repo';
import type { OrderStatus as Status } from '../domain/order-status';
import type { ApiDeps } from './deps';
import { notFound } from './http-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finding the order a request names (as its caller may see it), and auditing staff actions on it. */
export function createOrderAccess(deps: Pick<ApiDeps, 'db'>) {
  return {
    /**
     * The order's current status and customer, or a 404 for ids that are not ours, and for a customer,
     * for orders that are not theirs (a 404, not a 403, so that ids are not confirmed).
     */
    async orderOf(req: Request, res: Response): Promise<{ orderId: string; status: Status }> {
      const orderId = String(req.params.id);
      const caller = callerOf(res);
      const row = UUID.test(orderId)
        ? await deps.db('orders').where({ id: orderId }).first('status', 'customer_id')
        : undefined;
      if (!row || (caller.customerId !== undefined && row.customer_id !== caller.customerId))
        throw notFound(`order ${orderId}`);
      return { orderId, status: row.status };
    },

    /** Records a staff member's action on an order; customers' own actions are in the order's timeline. */
    async auditIfStaff(res: Response, orderId: string, action: string, before: unknown, after: unknown) {
      const actor = callerOf(res);
      if (isStaff(actor))
        await recordAudit(deps.db, { actor, action, target: { type: 'order', id: orderId }, before, after });
    },
  };
}
