import type { Request, Response } from 'express';
import { callerOf } from '../auth/authenticate';
import type { OrderStatus } from '../domain/order-status';
import type { ApiDeps } from './deps';
import { notFound } from './http-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The order a request names, with its current status: a 404 for ids that are not ours, and for a customer,
 * for orders that are not theirs (a 404, not a 403, so that ids are not confirmed).
 */
export function orderAccess(deps: Pick<ApiDeps, 'db'>) {
  return async (req: Request, res: Response): Promise<{ orderId: string; status: OrderStatus }> => {
    const orderId = String(req.params.id);
    const caller = callerOf(res);
    const row = UUID.test(orderId)
      ? await deps.db('orders').where({ id: orderId }).first('status', 'customer_id')
      : undefined;
    if (!row || (caller.customerId !== undefined && row.customer_id !== caller.customerId))
      throw notFound(`order ${orderId}`);
    return { orderId, status: row.status };
  };
}
