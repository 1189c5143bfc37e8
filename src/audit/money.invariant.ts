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
  /** Authorize-then-capture: what voids released to the customer (renewals' hand-overs excluded). */
  releasedMinor: number;
  /** Authorizations still holding money uncaptured (neither voided, expired nor fully captured). */
  holding: string[];
}

/**
 * The order id in a provider idempotency key: `<orderId>:charge`, `<orderId>:auth:<attempt>`,
 * `<orderId>:capture:<shipmentId>`, `<orderId>:void:<attempt>` or `<orderId>:refund:<refundId>…`.
 */
const orderOfKey = (key: string) => key.split(':')[0]!;

/**
 * What an order keeps once its status is final. A completed order keeps its total minus the refunds approved
 * for it (succeeded rows of `refunds`, requested ones and a return's alike). A cancelled, rejected or failed
 * order keeps nothing: the saga registers the refund undo before it charges, and compensation refunds all
 * that is still captured (`refundAll`, amount null); a cancellation after dispatch becomes a return that
 * refunds the rest once the goods are back (workflows/checkout.return.ts).
 */
export function expectedKeptMinor(
  status: OrderStatus,
  totalMinor: number,
  approvedRefundsMinor: number,
  releasedMinor = 0,
) {
  return status === 'completed' ? totalMinor - approvedRefundsMinor - releasedMinor : 0;
}

/**
 * Money, from the provider's own ledger (`sandbox_payment_operations`): no order is charged more than once or
 * above its total; refunds never exceed what was captured, and each returns money from a charge of its own
 * order; and every order in a final status has `captured − refunded` equal to what it keeps (see
 * expectedKeptMinor), with no refund left pending and an order row that agrees with the ledger.
 * Orders still waiting (in review, shipped, delivered) are held to the first two rules only.
 *
 * Authorize-then-capture adds: captures (one per parcel, by key) count as captured money and never exceed
 * the authorization they draw on; a completed order keeps its total minus approved refunds minus what voids
 * released (the parcels that never left); and a final order has no authorization still holding money.
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
        releasedMinor: 0,
        holding: [],
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

  await auditAuthorizations(db, ids, check, entry);

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

  for (const key of ['orders', 'finalOrders', 'charges', 'captures', 'capturedMinor', 'refundedMinor'])
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
  const expected = expectedKeptMinor(
    order.status,
    order.totalMinor,
    order.approvedRefundsMinor,
    order.releasedMinor,
  );
  if (order.holding.length > 0)
    fail(`${order.status} while authorization(s) ${order.holding.join(', ')} still hold money`);
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

/**
 * Authorize-then-capture from the provider's ledger: captures add to what the order's money captured, and
 * never exceed their authorization; voids release what was not captured (a renewal's hand-over is not a
 * release); an authorization neither voided, expired nor fully captured still holds money.
 */
async function auditAuthorizations(
  db: Knex,
  ids: readonly string[] | undefined,
  check: InvariantCheck,
  entry: (orderId: string) => OrderMoney,
): Promise<void> {
  const ops = db('sandbox_payment_operations')
    .whereIn('kind', ['authorization', 'capture', 'void'])
    .select(
      'idempotency_key',
      'kind',
      'reference',
      'status',
      'amount_minor',
      'authorization_reference',
      'expires_at',
    );
  if (ids) ops.whereRaw("split_part(idempotency_key, ':', 1) = ANY(?)", [[...ids]]);
  const rows: Record<string, string | number | Date | null>[] = await ops;
  const capturedOn = new Map<string, number>();
  const renewed = new Set<string>();
  for (const row of rows) {
    const on = String(row.authorization_reference ?? '');
    if (row.kind === 'capture' && row.status === 'succeeded') {
      check.count('captures');
      entry(orderOfKey(String(row.idempotency_key))).capturedMinor += Number(row.amount_minor);
      capturedOn.set(on, (capturedOn.get(on) ?? 0) + Number(row.amount_minor));
    }
    if (row.kind === 'authorization' && on) renewed.add(on);
  }
  const now = Date.now();
  for (const row of rows) {
    const order = entry(orderOfKey(String(row.idempotency_key)));
    const reference = String(row.reference);
    if (row.kind === 'void' && !renewed.has(String(row.authorization_reference)))
      order.releasedMinor += Number(row.amount_minor);
    if (row.kind !== 'authorization') continue;
    const captured = capturedOn.get(reference) ?? 0;
    if (captured > Number(row.amount_minor))
      check.fail({
        orderId: orderOfKey(String(row.idempotency_key)),
        message: `captured ${captured} on authorization ${reference}, above the ${row.amount_minor} it held`,
      });
    const expired = row.expires_at != null && new Date(row.expires_at).getTime() <= now;
    if (row.status === 'succeeded' && !expired && captured < Number(row.amount_minor))
      order.holding.push(reference);
  }
}
