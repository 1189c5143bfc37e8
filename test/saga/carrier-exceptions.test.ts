import { createAuditor } from '../../src/audit';
import {
  createTestSku,
  expectNothingCaptured,
  moneyMoved,
  paymentLedger,
  reservationUnits,
  stockOf,
} from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, eventually, orderWithStatus, placeOrder } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const carrier = (trackingNumber: string, status: string, detail?: string) =>
  api(h, 'POST', '/v1/webhooks/carrier', { trackingNumber, status, ...(detail ? { detail } : {}) });
const orderOf = async (orderId: string) => (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
const decide = (orderId: string, trackingNumber: string, decision: string) =>
  api(h, 'POST', `/v1/orders/${orderId}/lost-parcels/${trackingNumber}/decision`, { decision });

async function auditPasses(orderIds: string[], skus: string[]) {
  const report = await createAuditor({ db: h.db, temporal: h.client }).audit({ orderIds, skus });
  expect(report.invariants.filter((i) => !i.passed)).toEqual([]);
}

/** Places an order of two units of a fresh SKU held in Chicago, and returns it once labelled. */
async function shippedOrder(stock = 2) {
  const sku = await createTestSku(h.db, { 'wh-chicago': stock });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  return { sku, orderId, tracking: shipped.shipments[0].trackingNumber as string };
}

test('when the carrier reports an exception, then the order needs attention with its detail until the parcel moves again', async () => {
  const { sku, orderId, tracking } = await shippedOrder();
  await carrier(tracking, 'in_transit');
  expect((await carrier(tracking, 'exception', 'address not found')).status).toBe(202);
  const flagged = await eventually(
    () => orderOf(orderId),
    (order) => order.needsAttention !== null,
  );
  expect(flagged.needsAttention).toBe(`parcel ${tracking}: carrier exception: address not found`);
  expect(flagged.status).toBe('shipped');
  expect(flagged.shipments[0].status).toBe('exception');

  expect((await carrier(tracking, 'in_transit')).status).toBe(202);
  const moving = await eventually(
    () => orderOf(orderId),
    (order) => order.needsAttention === null,
  );
  expect(moving.shipments[0].status).toBe('in_transit');
  await carrier(tracking, 'delivered');
  await orderWithStatus(h, orderId, 'completed');
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-chicago': { onHand: 0, reserved: 0 } });
  await auditPasses([orderId], [sku]);
});

test('when a lost parcel is reshipped, then its units are reserved again, labelled and the order completes without a refund', async () => {
  const { sku, orderId, tracking } = await shippedOrder(4);
  await carrier(tracking, 'in_transit');
  await carrier(tracking, 'lost');
  const flagged = await eventually(
    () => orderOf(orderId),
    (order) => order.needsAttention !== null,
  );
  expect(flagged.needsAttention).toMatch(/lost: support decides/);

  expect((await decide(orderId, tracking, 'reship')).status).toBe(202);
  const reshipped = await eventually(
    () => orderOf(orderId),
    (order) => order.shipments.length === 2 && order.needsAttention === null,
  );
  const again = reshipped.shipments.find((s: { trackingNumber: string }) => s.trackingNumber !== tracking);
  expect(again).toMatchObject({ warehouseId: 'wh-chicago', status: 'label_created' });
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-chicago': { onHand: 2, reserved: 2 } });
  expect(await reservationUnits(h.db, orderId)).toEqual({ committed: 2, reserved: 2 });

  // A second decision, or the same one again, changes nothing.
  expect((await decide(orderId, tracking, 'refund')).status).toBe(409);
  expect((await decide(orderId, tracking, 'reship')).status).toBe(202);

  await carrier(again.trackingNumber, 'in_transit');
  await carrier(again.trackingNumber, 'delivered');
  await orderWithStatus(h, orderId, 'completed');
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-chicago': { onHand: 0, reserved: 0 } });
  expect(await reservationUnits(h.db, orderId)).toEqual({ committed: 4 });
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 5_000, charges: 1, refunded: 0 });
  await auditPasses([orderId], [sku]);
});

test("when a lost parcel is refunded, then that parcel's lines are refunded and the order completes", async () => {
  const { sku, orderId, tracking } = await shippedOrder();
  await carrier(tracking, 'in_transit');
  await carrier(tracking, 'lost');
  await eventually(
    () => orderOf(orderId),
    (order) => order.needsAttention !== null,
  );
  expect((await decide(orderId, tracking, 'refund')).status).toBe(202);
  const completed = await orderWithStatus(h, orderId, 'completed');
  expect(completed.amounts).toMatchObject({ capturedMinor: 5_000, refundedMinor: 5_000 });
  expect(completed.needsAttention).toBeNull();
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-chicago': { onHand: 0, reserved: 0 } });
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 5_000, charges: 1, refunded: 5_000 });
  await auditPasses([orderId], [sku]);
});

test('when a parcel is returned to sender, then its units are restocked and its captured share refunded', async () => {
  const sku = await createTestSku(h.db, { 'wh-newark': 1, 'wh-reno': 1 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  expect(shipped.shipments).toHaveLength(2);
  const [back, kept] = shipped.shipments.map((s: { trackingNumber: string }) => s.trackingNumber);
  await carrier(back, 'in_transit');
  await carrier(back, 'returned_to_sender');
  await carrier(kept, 'in_transit');
  await carrier(kept, 'delivered');
  const completed = await orderWithStatus(h, orderId, 'completed');
  expect(completed.amounts).toMatchObject({ capturedMinor: 5_000, refundedMinor: 2_500 });
  const from = shipped.shipments[0].warehouseId;
  const other = shipped.shipments[1].warehouseId;
  expect(await stockOf(h.db, sku)).toEqual({
    [from]: { onHand: 1, reserved: 0 },
    [other]: { onHand: 0, reserved: 0 },
  });
  expect(await reservationUnits(h.db, orderId)).toEqual({ returned: 1, committed: 1 });
  // Each parcel was captured for its share as it was handed over; the returned one's share is refunded.
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 5_000, charges: 2, refunded: 2_500 });
  expect(await paymentLedger(h.db, orderId)).toMatchObject({
    captures: 2,
    capturedMinor: 5_000,
    voidedMinor: 0,
    refundedMinor: 2_500,
  });
  await auditPasses([orderId], [sku]);
});

test('when support decides about a parcel that is not lost, then it answers 409 and nothing moves', async () => {
  const { orderId, tracking } = await shippedOrder();
  const response = await decide(orderId, tracking, 'refund');
  expect(response.status).toBe(409);
  expect(response.body.detail).toMatch(/not lost/);
  expect((await decide(orderId, 'SBX000000000000', 'refund')).status).toBe(409);
  // Still only authorized: no parcel has left, so nothing is captured, and nothing refunded or voided.
  await expectNothingCaptured(h.db, orderId, { attempt: 'card:authorized', voidedMinor: 0 });
});
