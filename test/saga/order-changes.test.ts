import { randomUUID } from 'node:crypto';
import { createAuditor } from '../../src/audit';
import type { CheckoutState } from '../../src/domain/checkout';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import {
  createTestCustomer,
  createTestSku,
  expectNothingCaptured,
  moneyMoved,
  paymentLedger,
  reservationUnits,
  stockOf,
  NEW_YORK_ADDRESS,
} from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, carrierEvent, deliverParcels, eventually, orderWithStatus, placeOrder } from '../support/http';
import { paymentOf } from '../payments/support';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const SAN_FRANCISCO = {
  name: 'Alice Example',
  line1: '500 Market St',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94103',
  country: 'US',
};
const LONDON = {
  name: 'Alice Example',
  line1: '10 Downing St',
  city: 'London',
  postalCode: 'SW1A 2AA',
  country: 'GB',
};

const stateOf = (orderId: string) =>
  h.client.workflow.getHandle(checkoutWorkflowId(orderId)).query<CheckoutState>('status');

const changeAddress = (orderId: string, address: object, headers: Record<string, string> = {}) =>
  api(h, 'PATCH', `/v1/orders/${orderId}/shipping-address`, address, headers);
const changeLine = (orderId: string, body: object, headers: Record<string, string> = {}) =>
  api(h, 'POST', `/v1/orders/${orderId}/changes`, body, headers);

/** The order's authorization attempts as `status:amount`, oldest first (a lowered hold replaces the old). */
const holds = async (orderId: string) =>
  (await paymentOf(h, orderId)).attempts.map(
    (a: { status: string; amountMinor: number }) => `${a.status}:${a.amountMinor}`,
  );

/** Delivers the order's live outbound parcels and waits until it is completed (automatic receipt). */
async function complete(orderId: string) {
  const order = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
  const live = order.shipments.filter((s: { status: string }) => s.status !== 'cancelled');
  await deliverParcels(h, { orderId, shipments: live });
  return orderWithStatus(h, orderId, 'completed');
}

async function auditPasses(orderIds: string[], skus: string[]) {
  const report = await createAuditor({ db: h.db, temporal: h.client }).audit({ orderIds, skus });
  expect(report.invariants.filter((i) => !i.passed)).toEqual([]);
}

test('when the address changes before dispatch, then the stock is re-allocated from the nearer warehouse and the labels made again', async () => {
  const sku = await createTestSku(h.db, { 'wh-newark': 2, 'wh-reno': 2 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }], shippingAddress: NEW_YORK_ADDRESS });
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  expect(shipped.shipments).toEqual([expect.objectContaining({ warehouseId: 'wh-newark' })]);

  const response = await changeAddress(orderId, SAN_FRANCISCO);
  expect(response.status).toBe(200);
  expect(response.body.change).toMatchObject({ type: 'shipping_address', status: 'applied' });

  expect(await stockOf(h.db, sku)).toEqual({
    'wh-newark': { onHand: 2, reserved: 0 },
    'wh-reno': { onHand: 2, reserved: 2 },
  });
  expect(await reservationUnits(h.db, orderId)).toEqual({ released: 2, reserved: 2 });
  const order = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
  expect(order.shippingAddress).toMatchObject({ city: 'San Francisco', postalCode: '94103' });
  expect(order.shipments).toEqual([
    expect.objectContaining({ warehouseId: 'wh-newark', status: 'cancelled' }),
    expect.objectContaining({ warehouseId: 'wh-reno', status: 'label_created' }),
  ]);
  expect(order.risk.decision).toBe('approve');
  // Authorized, nothing captured before a parcel leaves; the new parcel carries the whole amount.
  expect(await paymentLedger(h.db, orderId)).toMatchObject({ attempts: ['card:authorized'], captures: 0 });

  await complete(orderId);
  expect(await stockOf(h.db, sku)).toEqual({
    'wh-newark': { onHand: 2, reserved: 0 },
    'wh-reno': { onHand: 0, reserved: 0 },
  });
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 5000, charges: 1, refunded: 0 });
  // Captured for the parcel from Reno (the voided Newark label has no share).
  expect((await paymentOf(h, orderId)).captures).toEqual([
    expect.objectContaining({
      shipmentId: expect.stringContaining(':wh-reno:'),
      amountMinor: 5000,
      status: 'succeeded',
    }),
  ]);
  await auditPasses([orderId], [sku]);
});

test('when a new address far from home makes the risk check ask for a review, then support decides and the order goes on', async () => {
  const sku = await createTestSku(h.db, { 'wh-newark': 2, 'wh-reno': 2 }, 25_000);
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }], shippingAddress: NEW_YORK_ADDRESS });
  await orderWithStatus(h, orderId, 'shipped');

  const response = await changeAddress(orderId, SAN_FRANCISCO);
  expect(response.status).toBe(202);
  expect(response.body.change).toMatchObject({ status: 'in_review' });
  const flagged = await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => order.needsAttention !== null,
  );
  expect(flagged.needsAttention).toMatch(/needs a review/);

  expect((await api(h, 'POST', `/v1/orders/${orderId}/review`, { decision: 'approve' })).status).toBe(202);
  await eventually(
    () => stateOf(orderId),
    (state) => state.changes?.[0]?.status === 'applied' && state.needsAttention === null,
  );
  const approved = await complete(orderId);
  expect(approved.shipments.find((s: { status: string }) => s.status === 'delivered').warehouseId).toBe(
    'wh-reno',
  );
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 50_000, charges: 1, refunded: 0 });
  await auditPasses([orderId], [sku]);
});

test('when the risk check rejects the new address, then the order is cancelled, its authorization voided and its stock released', async () => {
  const sku = await createTestSku(h.db, { 'wh-newark': 2 }, 25_000);
  // A day-old account: an expensive order to a new country is then too risky.
  const customerId = `cus-${randomUUID().slice(0, 8)}`;
  await h.db('customers').insert({
    id: customerId,
    name: 'New Customer',
    email: `${customerId}@example.com`,
    country: 'US',
    home_lat: 40.73,
    home_lon: -73.99,
    created_at: new Date(Date.now() - 86_400_000),
  });
  const orderId = await placeOrder(h, {
    customerId,
    lines: [{ sku, quantity: 2 }],
    shippingAddress: NEW_YORK_ADDRESS,
  });
  await orderWithStatus(h, orderId, 'shipped');

  const response = await changeAddress(orderId, LONDON);
  expect(response.body.change).toMatchObject({ status: 'cancelled' });
  expect(response.body.change.detail).toMatch(/rejected by the risk check/);
  const cancelled = await orderWithStatus(h, orderId, 'cancelled');
  // Nothing was captured before dispatch: the hold is released, and there is nothing to refund.
  expect(cancelled.amounts).toMatchObject({ capturedMinor: 0, refundedMinor: 0 });
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 2, reserved: 0 } });
  await expectNothingCaptured(h.db, orderId, { attempt: 'card:voided', voidedMinor: 50_000 });
  await auditPasses([orderId], [sku]);
});

test('when a line is removed after the authorization, then exactly its units are released and the hold lowered by its price', async () => {
  const kept = await createTestSku(h.db, { 'wh-chicago': 4 });
  const removed = await createTestSku(h.db, { 'wh-chicago': 4 }, 4_000);
  const orderId = await placeOrder(h, {
    lines: [
      { sku: kept, quantity: 2 },
      { sku: removed, quantity: 3 },
    ],
  });
  await orderWithStatus(h, orderId, 'shipped');

  const response = await changeLine(orderId, { type: 'remove_line', sku: removed });
  expect(response.status).toBe(200);
  expect(response.body.change).toMatchObject({
    status: 'applied',
    amountDueMinor: 5_000,
    refundedMinor: 0,
  });
  expect(await stockOf(h.db, removed)).toEqual({ 'wh-chicago': { onHand: 4, reserved: 0 } });
  expect(await stockOf(h.db, kept)).toEqual({ 'wh-chicago': { onHand: 4, reserved: 2 } });
  const order = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
  expect(order.lines).toEqual([expect.objectContaining({ sku: kept, quantity: 2 })]);
  expect(order.refunds).toEqual([]);
  // Nothing captured yet: the 17,000 hold is replaced by one for 5,000 (re-authorized, then the old voided).
  const lowered = await paymentOf(h, orderId);
  expect(lowered.attempts).toEqual([
    expect.objectContaining({ attempt: 1, status: 'voided', amountMinor: 17_000 }),
    expect.objectContaining({ attempt: 2, status: 'authorized', amountMinor: 5_000, renews: 1 }),
  ]);
  expect(lowered.voids).toEqual([expect.objectContaining({ attempt: 1, status: 'succeeded' })]);
  expect(lowered.amounts).toMatchObject({ authorizedMinor: 5_000, capturedMinor: 0, refundedMinor: 0 });

  const completed = await complete(orderId);
  expect(completed.amounts).toMatchObject({
    totalMinor: 5_000,
    capturedMinor: 5_000,
    refundedMinor: 0,
  });
  // Captured the lowered total, on the lowered hold.
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 5_000, charges: 1, refunded: 0 });
  const [capture] = await h
    .db('sandbox_payment_operations')
    .where({ kind: 'capture', status: 'succeeded' })
    .andWhereLike('idempotency_key', `${orderId}:%`);
  expect(capture.authorization_reference).toBe(lowered.attempts[1].reference);
  expect(await stockOf(h.db, removed)).toEqual({ 'wh-chicago': { onHand: 4, reserved: 0 } });
  expect(await stockOf(h.db, kept)).toEqual({ 'wh-chicago': { onHand: 2, reserved: 0 } });
  await auditPasses([orderId], [kept, removed]);
});

test('when a quantity is reduced, then the units from the costlier warehouse go back first and the hold is lowered by the difference', async () => {
  const sku = await createTestSku(h.db, { 'wh-newark': 2, 'wh-dallas': 3 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 4 }], shippingAddress: NEW_YORK_ADDRESS });
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  expect(shipped.shipments).toHaveLength(2);

  const response = await changeLine(orderId, { type: 'reduce_quantity', sku, quantity: 2 });
  expect(response.body.change).toMatchObject({
    status: 'applied',
    quantity: 2,
    amountDueMinor: 5_000,
    refundedMinor: 0,
  });
  expect(await holds(orderId)).toEqual(['voided:10000', 'authorized:5000']);
  // Dallas is farther from New York: its two units are released, and its now-empty parcel voided.
  expect(await stockOf(h.db, sku)).toEqual({
    'wh-newark': { onHand: 2, reserved: 2 },
    'wh-dallas': { onHand: 3, reserved: 0 },
  });
  const order = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
  expect(order.shipments.find((s: { warehouseId: string }) => s.warehouseId === 'wh-dallas').status).toBe(
    'cancelled',
  );
  await complete(orderId);
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 5_000, charges: 1, refunded: 0 });
  await auditPasses([orderId], [sku]);
});

test('when a line is reduced while the order waits for its review, then the lower amount is authorized and captured', async () => {
  const sku = await createTestSku(h.db, { 'wh-reno': 3 });
  const orderId = await placeOrder(h, {
    lines: [{ sku, quantity: 3 }],
    payment: { method: 'card', token: 'tok_riskLevelElevated' },
  });
  await orderWithStatus(h, orderId, 'in_review');
  const response = await changeLine(orderId, { type: 'reduce_quantity', sku, quantity: 1 });
  expect(response.body.change).toMatchObject({ status: 'applied', amountDueMinor: 2_500, refundedMinor: 0 });
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-reno': { onHand: 3, reserved: 1 } });

  await api(h, 'POST', `/v1/orders/${orderId}/review`, { decision: 'approve' });
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  expect(shipped.amounts).toMatchObject({ totalMinor: 2_500, capturedMinor: 0 });
  // One authorization, already for the lower amount: nothing to lower later.
  expect(await holds(orderId)).toEqual(['authorized:2500']);
  await complete(orderId);
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 2_500, charges: 1, refunded: 0 });
  await auditPasses([orderId], [sku]);
});

test('when the last line is removed, then the order is cancelled and its authorization voided', async () => {
  const sku = await createTestSku(h.db, { 'wh-reno': 1 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 1 }] });
  await orderWithStatus(h, orderId, 'shipped');
  const response = await changeLine(orderId, { type: 'remove_line', sku });
  expect(response.status).toBe(202);
  expect(response.body.change).toMatchObject({ status: 'cancelled' });
  await orderWithStatus(h, orderId, 'cancelled');
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-reno': { onHand: 1, reserved: 0 } });
  await expectNothingCaptured(h.db, orderId, { attempt: 'card:voided', voidedMinor: 2_500 });
});

test('when a change comes after a parcel was handed to the carrier, then it answers 409 with the reason and writes nothing', async () => {
  const sku = await createTestSku(h.db, { 'wh-chicago': 2 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  await carrierEvent(h, shipped.shipments[0].trackingNumber, 'in_transit');
  await eventually(
    () => reservationUnits(h.db, orderId),
    (units) => units.committed === 2,
  );

  const address = await changeAddress(orderId, SAN_FRANCISCO);
  expect(address.status).toBe(409);
  expect(address.body.detail).toMatch(/handed to the carrier/);
  const line = await changeLine(orderId, { type: 'reduce_quantity', sku, quantity: 1 });
  expect(line.status).toBe(409);
  const unknown = await changeLine(orderId, { type: 'remove_line', sku: 'NOT-IN-ORDER' });
  expect(unknown.status).toBe(409);

  expect(await reservationUnits(h.db, orderId)).toEqual({ committed: 2 });
  expect((await stateOf(orderId)).changes).toEqual([]);
  const history = await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).fetchHistory();
  expect(history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toEqual([]);
});

test('when a change is not allowed by its content, then it answers 400 or 409 naming why', async () => {
  const sku = await createTestSku(h.db, { 'wh-chicago': 2 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
  await orderWithStatus(h, orderId, 'shipped');
  const notLower = await changeLine(orderId, { type: 'reduce_quantity', sku, quantity: 2 });
  expect(notLower.status).toBe(409);
  expect(notLower.body.detail).toMatch(/below the line's current 2/);
  const noQuantity = await changeLine(orderId, { type: 'reduce_quantity', sku });
  expect(noQuantity.status).toBe(400);
  expect(noQuantity.body.field).toBe('quantity');
  const badCountry = await changeAddress(orderId, { ...SAN_FRANCISCO, country: 'USA' });
  expect(badCountry.status).toBe(400);
  expect(badCountry.body.field).toBe('country');
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-chicago': { onHand: 2, reserved: 2 } });
  expect((await stateOf(orderId)).changes).toEqual([]);
});

test('when the same change is sent twice, then it is applied and the hold lowered once', async () => {
  const sku = await createTestSku(h.db, { 'wh-chicago': 3 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 3 }] });
  await orderWithStatus(h, orderId, 'shipped');
  const key = { 'Idempotency-Key': `reduce-${orderId}` };
  const first = await changeLine(orderId, { type: 'reduce_quantity', sku, quantity: 1 }, key);
  const again = await changeLine(orderId, { type: 'reduce_quantity', sku, quantity: 1 }, key);
  expect(first.status).toBe(200);
  expect(again.status).toBe(200);
  expect(again.body.change).toEqual(first.body.change);
  expect(await reservationUnits(h.db, orderId)).toEqual({ reserved: 1, released: 2 });
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-chicago': { onHand: 3, reserved: 1 } });
  expect(first.body.change).toMatchObject({ amountDueMinor: 2_500, refundedMinor: 0 });
  expect(await holds(orderId)).toEqual(['voided:7500', 'authorized:2500']);
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 0, charges: 0, refunded: 0 });
  expect((await stateOf(orderId)).changes).toHaveLength(1);
});

test('when a customer changes their own order, then it applies unaudited; staff changes are audited; another customer gets 404', async () => {
  const sku = await createTestSku(h.db, { 'wh-chicago': 4 });
  const customerId = await createTestCustomer(h.db);
  const orderId = await placeOrder(h, { customerId, lines: [{ sku, quantity: 4 }] });
  await orderWithStatus(h, orderId, 'shipped');

  const stranger = await h.credentials.as('customer', 'cus-bob');
  expect((await changeLine(orderId, { type: 'reduce_quantity', sku, quantity: 3 }, stranger)).status).toBe(
    404,
  );
  const own = await h.credentials.as('customer', customerId);
  const mine = await changeLine(orderId, { type: 'reduce_quantity', sku, quantity: 3 }, own);
  expect(mine.status).toBe(200);
  expect(mine.body.change).toMatchObject({ requestedBy: customerId, status: 'applied' });
  const staff = await changeLine(orderId, { type: 'reduce_quantity', sku, quantity: 2 });
  expect(staff.body.change).toMatchObject({ requestedBy: 'sandbox-admin', status: 'applied' });

  const audit = await api(h, 'GET', `/v1/audit?targetId=${orderId}`);
  expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['order.change_line']);
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-chicago': { onHand: 4, reserved: 2 } });
  // Each change lowered the hold in turn; nothing is captured before dispatch.
  expect(await holds(orderId)).toEqual(['voided:10000', 'voided:7500', 'authorized:5000']);
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 0, charges: 0, refunded: 0 });
});

test('when a change arrives as the order is placed, then it waits for the reservation and applies to it', async () => {
  const sku = await createTestSku(h.db, { 'wh-newark': 3, 'wh-reno': 3 });
  // The SKU's stock rows are held, so the reservation waits (as a busy database would make it) until both
  // changes have reached the run: they must wait for it rather than land before or after it.
  const held = await h.db.transaction();
  await held('inventory').where({ sku }).forUpdate().select('warehouse_id');
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 3 }], shippingAddress: NEW_YORK_ADDRESS });
  const changes = Promise.all([
    changeAddress(orderId, SAN_FRANCISCO),
    changeLine(orderId, { type: 'reduce_quantity', sku, quantity: 1 }),
  ]);
  const handle = h.client.workflow.getHandle(checkoutWorkflowId(orderId));
  await eventually(
    async () => (await handle.fetchHistory()).events ?? [],
    (events) => events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length === 2,
  );
  await held.commit();
  const [address, line] = await changes;
  expect([address.status, line.status]).toEqual([200, 200]);
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  expect(shipped.shipments).toEqual([
    expect.objectContaining({ warehouseId: 'wh-reno', status: 'label_created' }),
  ]);
  expect(await stockOf(h.db, sku)).toEqual({
    'wh-newark': { onHand: 3, reserved: 0 },
    'wh-reno': { onHand: 3, reserved: 1 },
  });
  await complete(orderId);
  // Authorized the lower amount, or (had the authorization come first) the hold lowered to it; either way
  // one capture of the lower amount, nothing refunded, and no hold left (the audit checks the last).
  expect((await holds(orderId)).at(-1)).toBe('authorized:2500');
  const money = await moneyMoved(h.db, orderId);
  expect(money).toEqual({ charged: 2_500, charges: 1, refunded: 0 });
  await auditPasses([orderId], [sku]);
});
