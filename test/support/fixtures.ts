import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { insertOrder } from '../../src/db/repos/orders.repo';
import type { CheckoutInput } from '../../src/domain/checkout';

/** A product of its own with the given stock per seeded warehouse, so a test's stock counts are its alone. */
export async function createTestSku(
  db: Knex,
  stock: Record<string, number>,
  priceMinor = 2500,
): Promise<string> {
  const sku = `T-${randomUUID().slice(0, 8).toUpperCase()}`;
  await db('products').insert({ sku, name: `Test product ${sku}`, price_minor: priceMinor, currency: 'USD' });
  await db('inventory').insert(
    Object.entries(stock).map(([warehouse_id, on_hand]) => ({ warehouse_id, sku, on_hand, reserved: 0 })),
  );
  return sku;
}

/** Stock rows of a SKU keyed by warehouse. */
export async function stockOf(
  db: Knex,
  sku: string,
): Promise<Record<string, { onHand: number; reserved: number }>> {
  const rows = await db('inventory').where({ sku });
  return Object.fromEntries(rows.map((r) => [r.warehouse_id, { onHand: r.on_hand, reserved: r.reserved }]));
}

/** Total units reserved for an order, by reservation status. */
export async function reservationUnits(db: Knex, orderId: string): Promise<Record<string, number>> {
  const rows: { status: string; units: string }[] = await db('reservations')
    .where({ order_id: orderId })
    .groupBy('status')
    .select('status')
    .sum({ units: 'quantity' });
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.units)]));
}

/** What the sandbox provider actually moved for an order: charges (or captures) and refunds in minor units. */
export async function moneyMoved(
  db: Knex,
  orderId: string,
): Promise<{ charged: number; charges: number; refunded: number }> {
  // A one-step charge, or the captures of authorize-then-capture (one per parcel).
  const charges = await db('sandbox_payment_operations')
    .whereIn('kind', ['charge', 'capture'])
    .andWhere({ status: 'succeeded' })
    .andWhereLike('idempotency_key', `${orderId}:%`);
  const refs = charges.map((c) => c.reference);
  const refunds = refs.length
    ? await db('sandbox_payment_operations').where({ kind: 'refund' }).whereIn('charge_reference', refs)
    : [];
  return {
    charged: charges.reduce((sum, c) => sum + Number(c.amount_minor), 0),
    charges: charges.length,
    refunded: refunds.reduce((sum, r) => sum + Number(r.amount_minor), 0),
  };
}

/**
 * A long-standing customer of its own near New York. Tests use one per order so that one test's orders
 * never count towards another's velocity in the risk score.
 */
export async function createTestCustomer(db: Knex): Promise<string> {
  const id = `cus-${randomUUID().slice(0, 8)}`;
  const threeYearsAgo = new Date(Date.now() - 3 * 365 * 86_400_000);
  await db('customers').insert({
    id,
    name: 'Test Customer',
    email: `${id}@example.com`,
    country: 'US',
    home_lat: 40.73,
    home_lon: -73.99,
    created_at: threeYearsAgo,
  });
  return id;
}

/** An order row with no workflow behind it, for tests that call activities directly. */
/** An order for `quantity` of `sku` by a new customer, as the API would start its run; not yet written. */
export async function testOrderInput(db: Knex, sku: string, quantity = 2): Promise<CheckoutInput> {
  return {
    orderId: randomUUID(),
    customerId: await createTestCustomer(db),
    currency: 'USD',
    lines: [{ sku, quantity, unitPriceMinor: 2500 }],
    totalMinor: quantity * 2500,
    shippingAddress: { name: 'A', line1: '1 Main St', city: 'New York', postalCode: '10001', country: 'US' },
    payment: { method: 'card', token: 'tok_visa' },
    allocationStrategy: 'nearest',
    timeouts: { reviewTimeoutMs: 1000, autoConfirmAfterMs: 1000, returnWindowMs: 1000 },
  };
}

export async function createTestOrderRow(db: Knex, sku: string, quantity = 2): Promise<string> {
  const input = await testOrderInput(db, sku, quantity);
  await insertOrder(db, input);
  return input.orderId;
}

/**
 * An order's payment ledger (authorize-then-capture), ours and the sandbox provider's side by side:
 * attempts with their status, what was captured (and in how many captures), released by voids and refunded.
 */
export async function paymentLedger(db: Knex, orderId: string) {
  const attempts = await db('payment_authorizations').where({ order_id: orderId }).orderBy('attempt');
  const sum = (rows: { amount_minor: unknown }[]) =>
    rows.reduce((total, r) => total + Number(r.amount_minor), 0);
  const captures = await db('payment_captures').where({ order_id: orderId, status: 'succeeded' });
  const voids = await db('payment_voids').where({ order_id: orderId, status: 'succeeded' });
  const refunds = await db('refunds').where({ order_id: orderId, status: 'succeeded' });
  const provider = await db('sandbox_payment_operations')
    .whereLike('idempotency_key', `${orderId}:%`)
    .andWhere({ status: 'succeeded' })
    .select('kind', 'amount_minor');
  const providerSum = (kind: string) => sum(provider.filter((op) => op.kind === kind));
  return {
    attempts: attempts.map((a) => `${a.method}:${a.status}`),
    captures: captures.length,
    capturedMinor: sum(captures),
    voidedMinor: sum(voids),
    refundedMinor: sum(refunds),
    provider: {
      captured: providerSum('capture'),
      refunded: providerSum('refund'),
      charged: providerSum('charge'),
    },
  };
}

/**
 * Asserts that no money moved for an order: nothing captured, refunded or charged. `attempt` (as
 * `method:status`) and `voidedMinor` say what became of its one authorization.
 */
export async function expectNothingCaptured(
  db: Knex,
  orderId: string,
  hold: { attempt: string; voidedMinor: number },
): Promise<void> {
  expect(await paymentLedger(db, orderId)).toMatchObject({
    attempts: [hold.attempt],
    captures: 0,
    voidedMinor: hold.voidedMinor,
    refundedMinor: 0,
  });
  expect(await moneyMoved(db, orderId)).toEqual({ charged: 0, charges: 0, refunded: 0 });
}

/** The address most test orders ship to (a valid US address; the API ignores client coordinates). */
export const NEW_YORK_ADDRESS = {
  name: 'Alice Example',
  line1: '1 Main St',
  city: 'New York',
  postalCode: '10001',
  country: 'US',
};
