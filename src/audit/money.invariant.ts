import type { Knex } from 'knex';
import { isFinalStatus, type OrderStatus } from '../domain/order-status';
import { InvariantCheck, type InvariantResult } from './audit-report';

/** What the money audit looks at. */
export interface MoneyAuditInput {
  /** Only these orders; every order (and every ledger entry) when omitted. */
  orderIds?: readonly string[];
  maxExamples?: number;
}

interface OrderMoney {
  status: OrderStatus | undefined;
  totalMinor: number;
  rowCapturedMinor: number;
  rowRefundedMinor: number;
  charges: number;
  capturedMinor: number;
  refundedMinor: number;
  approvedRefundsMinor: number;
  pendingRefunds: number;
}

/** The order id in a provider idempotency key: `<orderId>:charge` or `<orderId>:refund:<refundId>`. */
const orderOfKey = (key: string) => key.split(':')[0]!;

/**
 * What an order keeps once its status is final. A completed order keeps its total minus the refunds approved
 * for it (succeeded rows of `refunds`, requested ones and a return's alike). A cancelled, rejected or failed
 * order keeps nothing: the saga registers the refund undo before it charges, and compensation refunds all
 * that is still captured (`refundAll`, amount null); a cancellation after dispatch becomes a return that
 * refunds the rest once the goods are back (workflows/checkout.return.ts).
 */
export function expectedKeptMinor(status: OrderStatus, totalMinor: number, approvedRefundsMinor: number) {
  return status === 'completed' ? totalMinor - approvedRefundsMinor : 0;
}

/**
 * Money, from the provider's own ledger (`sandbox_payment_operations`): no order is charged more than once or
 * above its total; refunds never exceed what was captured, and each returns money from a charge of its own
 * order; and every order in a final status has `captured − refunded` equal to what it keeps (see
 * expectedKeptMinor), with no refund left pending and an order row that agrees with the ledger.
 * Orders still waiting (in review, shipped, delivered) are held to the first two rules only.
 */
export async function checkMoney(db: Knex, input: MoneyAuditInput = {}): Promise<InvariantResult> {
  const check = new InvariantCheck('money', input.maxExamples);
  const money = new Map<string, OrderMoney>();
  const entry = (orderId: string) => {
    let found = money.get(orderId);
    if (!found) {
      found = {
        status: undefined,
        totalMinor: 0,
        rowCapturedMinor: 0,
        rowRefundedMinor: 0,
        charges: 0,
        capturedMinor: 0,
        refundedMinor: 0,
        approvedRefundsMinor: 0,
        pendingRefunds: 0,
      };
      money.set(orderId, found);
    }
    return found;
  };
  const ids = input.orderIds;

  const orders = db('orders').select('id', 'status', 'total_minor', 'captured_minor', 'refunded_minor');
  if (ids) orders.whereIn('id', ids);
  for (const row of await orders) {
    Object.assign(entry(row.id), {
      status: row.status,
      totalMinor: Number(row.total_minor),
      rowCapturedMinor: Number(row.captured_minor),
      rowRefundedMinor: Number(row.refunded_minor),
    });
  }

  const charges = db('sandbox_payment_operations')
    .where({ kind: 'charge', status: 'succeeded' })
    .select('idempotency_key', 'amount_minor');
  if (ids) charges.whereRaw("split_part(idempotency_key, ':', 1) = ANY(?)", [[...ids]]);
  for (const row of await charges) {
    const order = entry(orderOfKey(row.idempotency_key));
    order.charges += 1;
    order.capturedMinor += Number(row.amount_minor);
  }

  const refunds = db('sandbox_payment_operations as r')
    .leftJoin('sandbox_payment_operations as c', 'c.reference', 'r.charge_reference')
    .where('r.kind', 'refund')
    .select('r.idempotency_key', 'r.amount_minor', 'c.idempotency_key as charge_key');
  // Either side may be ours: a refund keyed for one order that draws on another's charge must show up.
  if (ids)
    refunds.where((q) =>
      q
        .whereRaw("split_part(c.idempotency_key, ':', 1) = ANY(?)", [[...ids]])
        .orWhereRaw("split_part(r.idempotency_key, ':', 1) = ANY(?)", [[...ids]]),
    );
  for (const row of await refunds) {
    // Money goes back to the order that paid it: the charge's order, whatever the refund's key says.
    const chargeOrder = row.charge_key ? orderOfKey(row.charge_key) : undefined;
    if (!chargeOrder || chargeOrder !== orderOfKey(row.idempotency_key)) {
      check.fail({
        orderId: chargeOrder ?? orderOfKey(row.idempotency_key),
        message: `refund ${row.idempotency_key} returns money from ${chargeOrder ? `order ${chargeOrder}'s charge` : 'no known charge'}`,
      });
    }
    if (chargeOrder) entry(chargeOrder).refundedMinor += Number(row.amount_minor);
  }

  const approved = db('refunds')
    .groupBy('order_id')
    .select(
      'order_id',
      db.raw("coalesce(sum(amount_minor) FILTER (WHERE status = 'succeeded'), 0)::bigint AS succeeded"),
      db.raw("count(*) FILTER (WHERE status <> 'succeeded')::int AS pending"),
    );
  if (ids) approved.whereIn('order_id', ids);
  for (const row of await approved) {
    Object.assign(entry(row.order_id), {
      approvedRefundsMinor: Number(row.succeeded),
      pendingRefunds: Number(row.pending),
    });
  }

  for (const key of ['orders', 'finalOrders', 'charges', 'capturedMinor', 'refundedMinor'])
    check.count(key, 0);
  for (const [orderId, order] of money) judge(check, orderId, order);
  return check.result();
}

function judge(check: InvariantCheck, orderId: string, order: OrderMoney): void {
  check.count('orders');
  check.count('charges', order.charges);
  check.count('capturedMinor', order.capturedMinor);
  check.count('refundedMinor', order.refundedMinor);
  const fail = (message: string) => check.fail({ orderId, message });
  if (order.status === undefined) {
    fail(`the provider moved money (charged ${order.capturedMinor}) for an order that does not exist`);
    return;
  }
  if (order.charges > 1) fail(`charged ${order.charges} times (${order.capturedMinor} in all)`);
  if (order.capturedMinor > order.totalMinor)
    fail(`captured ${order.capturedMinor}, above the order total ${order.totalMinor}`);
  if (order.refundedMinor > order.capturedMinor)
    fail(`refunded ${order.refundedMinor}, above the captured ${order.capturedMinor}`);
  if (!isFinalStatus(order.status)) return;

  check.count('finalOrders');
  const kept = order.capturedMinor - order.refundedMinor;
  const expected = expectedKeptMinor(order.status, order.totalMinor, order.approvedRefundsMinor);
  if (kept !== expected) {
    fail(
      `${order.status}: keeps ${kept} (captured ${order.capturedMinor} − refunded ${order.refundedMinor}),` +
        ` expected ${expected}`,
    );
  }
  if (order.pendingRefunds > 0) fail(`${order.status} with ${order.pendingRefunds} refund(s) still pending`);
  if (order.rowCapturedMinor !== order.capturedMinor || order.rowRefundedMinor !== order.refundedMinor) {
    fail(
      `order row says captured ${order.rowCapturedMinor}, refunded ${order.rowRefundedMinor};` +
        ` the provider's ledger says ${order.capturedMinor}, ${order.refundedMinor}`,
    );
  }
}
