import { createTestSku, moneyMoved, reservationUnits, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, carrierEvent, eventually, orderWithStatus, placeOrder } from '../support/http';

let h: Harness;
beforeAll(async () => {
  // A long window, so that the return is the only thing that can end these orders.
  h = await startHarness({ timeouts: { autoConfirmAfterMs: 60_000, returnWindowMs: 60_000 } });
});
afterAll(() => h.stop());

const carrier = (trackingNumber: string, status: string) => carrierEvent(h, trackingNumber, status);

test('when the customer cancels after delivery, then the goods come back, are restocked and the payment refunded', async () => {
  const sku = await createTestSku(h.db, { 'wh-chicago': 4 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  const outbound = shipped.shipments[0].trackingNumber;
  await carrier(outbound, 'in_transit');
  await carrier(outbound, 'delivered');
  await orderWithStatus(h, orderId, 'delivered');
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-chicago': { onHand: 2, reserved: 0 } });

  expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'does not fit' })).status).toBe(202);
  const returning = await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => order.shipments.some((s: { kind: string }) => s.kind === 'return'),
  );
  const label = returning.shipments.find((s: { kind: string }) => s.kind === 'return');
  expect(label).toMatchObject({ warehouseId: 'wh-chicago', status: 'label_created' });
  expect(returning.amounts.refundedMinor).toBe(0);

  await carrier(label.trackingNumber, 'delivered');
  const cancelled = await orderWithStatus(h, orderId, 'cancelled');
  expect(cancelled.amounts).toMatchObject({ capturedMinor: 5000, refundedMinor: 5000 });
  expect(await reservationUnits(h.db, orderId)).toEqual({ returned: 2 });
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-chicago': { onHand: 4, reserved: 0 } });
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 5000, charges: 1, refunded: 5000 });
});

test('when an order in review is cancelled, then it is never charged and its stock is released', async () => {
  const sku = await createTestSku(h.db, { 'wh-reno': 1 });
  const orderId = await placeOrder(h, {
    lines: [{ sku, quantity: 1 }],
    payment: { method: 'card', token: 'tok_riskLevelElevated' },
  });
  await orderWithStatus(h, orderId, 'in_review');
  await api(h, 'POST', `/v1/orders/${orderId}/cancel`, {});
  const cancelled = await orderWithStatus(h, orderId, 'cancelled');
  expect(cancelled.payment).toBeNull();
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-reno': { onHand: 1, reserved: 0 } });
});

// Authorize-then-capture: before dispatch nothing is captured, so there is nothing to refund; a cancel
// voids the authorization instead (earlier, a full refund before dispatch cancelled the order).
test('when a refund is asked for before anything was captured, then it answers 409 and a cancel voids instead', async () => {
  const orderId = await placeOrder(h);
  await orderWithStatus(h, orderId, 'shipped');
  const refund = await api(h, 'POST', `/v1/orders/${orderId}/refunds`, { refundId: `full-${orderId}` });
  expect(refund.status).toBe(409);
  expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'instead' })).status).toBe(202);
  const cancelled = await orderWithStatus(h, orderId, 'cancelled');
  expect(cancelled.refunds).toEqual([]);
  expect(cancelled.payment).toMatchObject({ status: 'voided' });
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 0, charges: 0, refunded: 0 });
  expect(await reservationUnits(h.db, orderId)).toEqual({ released: 2 });
});

test('when carrier and cancel signals are repeated, then nothing happens twice', async () => {
  const orderId = await placeOrder(h);
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  const tracking = shipped.shipments[0].trackingNumber;
  await Promise.all([
    carrier(tracking, 'delivered'),
    carrier(tracking, 'delivered'),
    carrier(tracking, 'in_transit'),
  ]);
  const delivered = await orderWithStatus(h, orderId, 'delivered');
  expect(delivered.shipments[0].status).toBe('delivered');
  expect(await reservationUnits(h.db, orderId)).toEqual({ committed: 2 });
  await Promise.all([
    api(h, 'POST', `/v1/orders/${orderId}/cancel`, {}),
    api(h, 'POST', `/v1/orders/${orderId}/cancel`, {}),
  ]);
  const returning = await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => order.shipments.some((s: { kind: string }) => s.kind === 'return'),
  );
  expect(returning.shipments.filter((s: { kind: string }) => s.kind === 'return')).toHaveLength(1);
});

test('when refunds and a return arrive in the return window, then they are honoured and the order stays completed', async () => {
  const orderId = await placeOrder(h, { lines: [{ sku: 'MUG-LOGO', quantity: 2 }] });
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  await carrier(shipped.shipments[0].trackingNumber, 'delivered');
  await orderWithStatus(h, orderId, 'delivered');
  await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
  await orderWithStatus(h, orderId, 'completed');

  expect((await api(h, 'POST', `/v1/orders/${orderId}/refunds`, { amountMinor: 598 })).status).toBe(202);
  await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => order.amounts.refundedMinor === 598,
  );
  expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'return' })).status).toBe(202);
  const returning = await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => order.shipments.some((s: { kind: string }) => s.kind === 'return'),
  );
  await carrier(
    returning.shipments.find((s: { kind: string }) => s.kind === 'return').trackingNumber,
    'delivered',
  );
  const returned = await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => order.amounts.refundedMinor === 2598,
  );
  expect(returned.status).toBe('completed');
  expect(returned.amounts.refundableMinor).toBe(0);
  expect(await reservationUnits(h.db, orderId)).toEqual({ returned: 2 });
  expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 2598, charges: 1, refunded: 2598 });
});
