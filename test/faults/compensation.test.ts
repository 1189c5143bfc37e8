import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { receiptSignal, statusQuery } from '../../workflows/checkout.messages';
import { activitiesOf } from '../support/activities';
import { createTestSku, moneyMoved, paymentLedger, reservationUnits, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, carrierEvent, eventually, orderWithStatus, placeOrder } from '../support/http';

let h: Harness;
beforeAll(async () => {
  // Long waits, so that only what a test does ends its orders.
  h = await startHarness({ timeouts: { autoConfirmAfterMs: 60_000, returnWindowMs: 60_000 } });
});
afterAll(() => h.stop());

const carrier = (trackingNumber: string, status: string) => carrierEvent(h, trackingNumber, status);
const handleOf = (orderId: string) => h.client.workflow.getHandle(checkoutWorkflowId(orderId));

describe('compensation under faults', () => {
  test('when a cancelled order has a parcel the carrier already picked up, then it becomes a return: no refund or release while the goods travel', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 3 });
    const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    const outbound = shipped.shipments[0].trackingNumber;
    // The carrier has the parcel; its in_transit webhook has not arrived yet.
    await h.db('shipments').where({ tracking_number: outbound }).update({ status: 'in_transit' });

    expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'too late' })).status).toBe(202);
    const returning = await eventually(
      async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
      (order) => order.shipments.some((s: { kind: string }) => s.kind === 'return'),
    );
    expect(returning.status).toBe('shipped');
    expect(await moneyMoved(h.db, orderId)).toMatchObject({ charged: 5000, refunded: 0 });
    expect(await reservationUnits(h.db, orderId)).toEqual({ committed: 2 });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 1, reserved: 0 } });

    const label = returning.shipments.find((s: { kind: string }) => s.kind === 'return');
    await carrier(label.trackingNumber, 'delivered');
    const cancelled = await orderWithStatus(h, orderId, 'cancelled');
    expect(cancelled.amounts).toMatchObject({ capturedMinor: 5000, refundedMinor: 5000 });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 3, reserved: 0 } });
  });

  test('when the run is cancelled from the Temporal UI while in review, then its stock is released and it ends cancelled', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 2 });
    const orderId = await placeOrder(h, {
      lines: [{ sku, quantity: 2 }],
      payment: { method: 'card', token: 'tok_riskLevelElevated' },
    });
    await orderWithStatus(h, orderId, 'in_review');
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-reno': { onHand: 2, reserved: 2 } });

    await handleOf(orderId).cancel();
    const failure = await handleOf(orderId)
      .result()
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    await orderWithStatus(h, orderId, 'cancelled');
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-reno': { onHand: 2, reserved: 0 } });
    expect(await moneyMoved(h.db, orderId)).toMatchObject({ charges: 0 });
  });

  test('when a carrier event arrives after the order was cancelled, then it answers 409 and the label stays cancelled', async () => {
    const orderId = await placeOrder(h);
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' });
    await orderWithStatus(h, orderId, 'cancelled');
    await handleOf(orderId).result();

    const late = await carrier(shipped.shipments[0].trackingNumber, 'in_transit');
    expect(late.status).toBe(409);
    const row = await h
      .db('shipments')
      .where({ tracking_number: shipped.shipments[0].trackingNumber })
      .first();
    expect(row.status).toBe('cancelled');
  });

  test('when markShipment is retried late for a cancelled label, then the row stays cancelled', async () => {
    const orderId = await placeOrder(h);
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    const trackingNumber = shipped.shipments[0].trackingNumber;
    await api(h, 'POST', `/v1/orders/${orderId}/cancel`, {});
    await orderWithStatus(h, orderId, 'cancelled');
    const acts = activitiesOf(h);
    await acts.markShipment({ trackingNumber, status: 'in_transit' });
    await acts.markShipment({ trackingNumber, status: 'delivered' });
    expect((await h.db('shipments').where({ tracking_number: trackingNumber }).first()).status).toBe(
      'cancelled',
    );
  });
});

describe('receipt', () => {
  test('when receipt is confirmed before any parcel has moved, then the API answers 409 and the workflow ignores a direct signal', async () => {
    const orderId = await placeOrder(h);
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    const refused = await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/left the warehouse/);

    await handleOf(orderId).signal(receiptSignal);
    // A later carrier event is handled after the receipt signal, so once it shows, the receipt was seen.
    await carrier(shipped.shipments[0].trackingNumber, 'in_transit');
    const state = await eventually(
      () => handleOf(orderId).query(statusQuery),
      (s) => s.shipments[0]?.status === 'in_transit',
    );
    expect(state.receiptConfirmed).toBe(false);
    // Once the carrier's update is recorded, the same request is accepted.
    await eventually(
      async () => (await api(h, 'POST', `/v1/orders/${orderId}/receipt`)).status,
      (status) => status === 202,
    );
  });
});

describe('returns', () => {
  test('when an order of two parcels is cancelled after one left, then the other is voided and released at once (its share never captured), and only the first comes back', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 1, 'wh-reno': 1 });
    const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    const [moved, unmoved] = shipped.shipments as { trackingNumber: string; warehouseId: string }[];
    await carrier(moved!.trackingNumber, 'in_transit');
    await eventually(
      () => reservationUnits(h.db, orderId),
      (units) => units.committed === 1,
    );

    expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' })).status).toBe(
      202,
    );
    const returning = await eventually(
      async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
      (order) => order.shipments.some((s: { kind: string }) => s.kind === 'return'),
    );
    const returns = returning.shipments.filter((s: { kind: string }) => s.kind === 'return');
    expect(returns.map((s: { warehouseId: string }) => s.warehouseId)).toEqual([moved!.warehouseId]);
    expect(
      returning.shipments.find(
        (s: { trackingNumber: string }) => s.trackingNumber === unmoved!.trackingNumber,
      ).status,
    ).toBe('cancelled');
    // Authorize, then capture: only the parcel that left was captured; what the other held is voided.
    expect(await moneyMoved(h.db, orderId)).toMatchObject({ charged: 2500, refunded: 0 });
    expect(await paymentLedger(h.db, orderId)).toMatchObject({ capturedMinor: 2500, voidedMinor: 2500 });
    expect(await stockOf(h.db, sku)).toEqual({
      [moved!.warehouseId]: { onHand: 0, reserved: 0 },
      [unmoved!.warehouseId]: { onHand: 1, reserved: 0 },
    });

    await carrier(returns[0].trackingNumber, 'delivered');
    await orderWithStatus(h, orderId, 'cancelled');
    expect(await moneyMoved(h.db, orderId)).toMatchObject({ charged: 2500, refunded: 2500 });
    expect(await stockOf(h.db, sku)).toEqual({
      'wh-newark': { onHand: 1, reserved: 0 },
      'wh-reno': { onHand: 1, reserved: 0 },
    });
  });
});
