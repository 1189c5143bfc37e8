import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Principal } from '../auth/roles';
import type { PayloadKeys } from '../codec/payload-keys';
import { recordAudit } from '../db/repos/audit-log.repo';
import { ordersOwnedBy } from '../codec/order-owners.repo';
import { isFinalStatus, type OrderStatus } from '../domain/order-status';
import { eraseCards } from '../payments/sandbox-card-vault';
import { CustomerIdKey } from '../temporal/search-attributes';
import { orderIdOfWorkflowId } from '../temporal/workflow-ids';

/** What an erasure did, the same on every repeat. */
export type ErasureOutcome =
  | { outcome: 'erased'; customerId: string; erasedAt: string; orders: number }
  | { outcome: 'open-orders'; orderIds: string[] }
  | { outcome: 'unknown-customer' };

/** What stands in for erased text in columns that may not be empty. */
export const ERASED = '[erased]';

/**
 * Erases a customer's personal data (GDPR): name, email and home location; the shipping addresses of their
 * orders (the country stays, for tax records); carrier label addressees; vaulted cards; refund reasons
 * they wrote. Then destroys their data keys, so every history payload encrypted with them becomes
 * unreadable (crypto-shredding). Orders, payments, refunds and shipments stay, for accounting.
 *
 * The first erasure is written to the audit log (who, when, how many orders and keys; no personal data).
 *
 * Refused while any of their orders is still open (a run still writes payloads with their key and may
 * still need their address): the caller answers 409 naming those orders, to try again once they end.
 */
export async function erasePersonalData(
  deps: { db: Knex; temporal: Client; payloadKeys: PayloadKeys },
  customerId: string,
  actor: Principal,
): Promise<ErasureOutcome> {
  const { db } = deps;
  if (!(await db('customers').where({ id: customerId }).first('id'))) return { outcome: 'unknown-customer' };
  const open = await openOrders(deps, customerId);
  if (open.length > 0) return { outcome: 'open-orders', orderIds: open };
  const { erasedAt, orderIds, keyIds } = await db.transaction(async (trx) => {
    const customer = await trx('customers').where({ id: customerId }).forUpdate().first('erased_at');
    const owned = await ordersOwnedBy(trx, customerId);
    await trx('customers')
      .where({ id: customerId })
      .update({ name: ERASED, email: ERASED, home_lat: null, home_lon: null });
    await trx('orders')
      .whereIn('id', owned)
      .update({ shipping_address: trx.raw("jsonb_build_object('country', shipping_address->'country')") });
    await trx('sandbox_carrier_labels')
      .whereRaw("split_part(idempotency_key, ':', 1) = ANY(?)", [owned])
      .update({ customer_address: null });
    await trx('refunds').whereIn('order_id', owned).update({ reason: null });
    await trx('refund_applications').whereIn('order_id', owned).update({ note: null });
    await eraseCards(trx, owned);
    const destroyed = await deps.payloadKeys.destroyCustomerKeys(trx, customerId);
    const [row] = await trx('customers')
      .where({ id: customerId })
      .update({ erased_at: customer.erased_at ?? trx.fn.now() })
      .returning('erased_at');
    const erasedAt = new Date(row.erased_at).toISOString();
    // The first erasure is the action; a repeat changes nothing and is not logged again.
    if (!customer.erased_at) {
      const after = { erasedAt, orders: owned.length, keysDestroyed: destroyed.length };
      const target = { type: 'customer' as const, id: customerId };
      await recordAudit(trx, {
        actor,
        action: 'erase-personal-data',
        target,
        before: { erasedAt: null },
        after,
      });
    }
    return { erasedAt, orderIds: owned, keyIds: destroyed };
  });
  deps.payloadKeys.forget(customerId, keyIds);
  return { outcome: 'erased', customerId, erasedAt, orders: orderIds.length };
}

/**
 * Orders of the customer that may still change: rows not in a final status, and runs still open (a
 * completed order keeps its run through the return window; a run just started has no row yet).
 */
async function openOrders(deps: { db: Knex; temporal: Client }, customerId: string): Promise<string[]> {
  const rows: { id: string; status: OrderStatus }[] = await deps
    .db('orders')
    .where({ customer_id: customerId })
    .select('id', 'status');
  const open = new Set(rows.filter((row) => !isFinalStatus(row.status)).map((row) => row.id));
  // The customer id comes from the customers table (ids are checked on the way in, see customerIdParam).
  const query = `${CustomerIdKey.name} = '${customerId}' AND ExecutionStatus = 'Running'`;
  for await (const run of deps.temporal.workflow.list({ query })) {
    open.add(orderIdOfWorkflowId(run.workflowId) ?? run.workflowId);
  }
  return [...open].sort();
}
