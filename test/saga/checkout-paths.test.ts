import { WorkflowFailedError } from '@temporalio/client';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { statusQuery } from '../../workflows/checkout.messages';
import { createTestSku, moneyMoved, reservationUnits, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, eventually, orderWithStatus, placeOrder } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

/** Sends the carrier's in_transit and delivered webhooks for every parcel of the order. */
async function deliverAll(order: { shipments: { trackingNumber: string }[] }, harness = h) {
  for (const { trackingNumber } of order.shipments) {
    for (const status of ['in_transit', 'delivered']) {
      expect((await api(harness, 'POST', '/v1/webhooks/carrier', { trackingNumber, status })).status).toBe(
        202,
      );
    }
  }
}

describe('the checkout saga', () => {
  test('when everything goes well, then the order is shipped, delivered, confirmed and completed', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 5, 'wh-reno': 5 });
    const orderId = await placeOrder(h, { lines: [{ sku, quantity: 3 }] });

    const shipped = await orderWithStatus(h, orderId, 'shipped');
    expect(shipped.shipments).toHaveLength(1);
    expect(shipped.shipments[0]).toMatchObject({
      carrier: 'sandbox-carrier',
      status: 'label_created',
      warehouseId: 'wh-newark',
    });
    expect(shipped.shipments[0].trackingNumber).toMatch(/^SBX\d{12}$/);
    // Authorize, then capture: nothing is taken until the parcel is handed to the carrier.
    expect(shipped.payment).toMatchObject({ status: 'authorized', amountMinor: 7500 });
    expect(shipped.lines[0].allocations).toEqual([
      { warehouseId: 'wh-newark', quantity: 3, status: 'reserved' },
    ]);

    // The workflow's status query is the source of truth that the order row projects.
    const state = await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).query(statusQuery);
    expect(state).toMatchObject({
      status: 'shipped',
      capturedMinor: 0, // authorized; captured when the parcel leaves
      refundedMinor: 0,
      cancellation: null,
    });
    expect(state.shipments.map((s) => s.trackingNumber)).toEqual([shipped.shipments[0].trackingNumber]);
    expect(state.allocation?.picks).toEqual([
      expect.objectContaining({ warehouseId: 'wh-newark', quantity: 3 }),
    ]);

    await deliverAll(shipped);
    await orderWithStatus(h, orderId, 'delivered');
    expect((await api(h, 'POST', `/v1/orders/${orderId}/receipt`)).status).toBe(202);
    const completed = await orderWithStatus(h, orderId, 'completed');

    expect(completed.amounts).toMatchObject({ totalMinor: 7500, capturedMinor: 7500, refundedMinor: 0 });
    expect(await stockOf(h.db, sku)).toEqual({
      'wh-newark': { onHand: 2, reserved: 0 },
      'wh-reno': { onHand: 5, reserved: 0 },
    });
    expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 7500, charges: 1, refunded: 0 });
    const steps = completed.timeline.map((e: { step: string }) => e.step);
    // The steps up to shipped in order (the first three written by the step after each), then the rest.
    expect(steps.slice(0, 4)).toEqual(['order', 'reserve', 'payment', 'ship']);
    expect(steps).toEqual(expect.arrayContaining(['capture', 'carrier', 'receipt']));
    // The return window (2 s in tests) closes and the workflow completes with the final state.
    const result = await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).result();
    expect(result.status).toBe('completed');
  });

  test('when stock runs out, then the order fails and nothing stays reserved', async () => {
    const sku = await createTestSku(h.db, { 'wh-dallas': 2, 'wh-chicago': 1 });
    const orderId = await placeOrder(h, { lines: [{ sku, quantity: 4 }] });

    const failed = await orderWithStatus(h, orderId, 'failed');
    expect(failed.failure).toMatchObject({ type: 'OutOfStock' });
    // The order's first record rode on the reservation, which wrote it before failing.
    expect(failed.timeline.map((e: { step: string; outcome: string }) => `${e.step} ${e.outcome}`)).toEqual([
      'order received',
      'release stock compensated',
      'checkout failed',
    ]);
    expect(failed.failure.message).toContain(`${sku} short by 1`);
    expect(await reservationUnits(h.db, orderId)).toEqual({});
    expect(await stockOf(h.db, sku)).toEqual({
      'wh-chicago': { onHand: 1, reserved: 0 },
      'wh-dallas': { onHand: 2, reserved: 0 },
    });
    expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 0, charges: 0, refunded: 0 });
    await expect(h.client.workflow.getHandle(checkoutWorkflowId(orderId)).result()).rejects.toBeInstanceOf(
      WorkflowFailedError,
    );
  });

  test('when the card is declined and no other way to pay follows, then the order is cancelled, stock released and nothing charged', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 3 });
    const orderId = await placeOrder(h, {
      lines: [{ sku, quantity: 2 }],
      payment: { method: 'card', token: 'tok_chargeDeclined' },
    });

    // The customer may retry for PAYMENT_RETRY_WINDOW (2 s in tests); then the order is cancelled.
    await orderWithStatus(h, orderId, 'awaiting_payment');
    const failed = await orderWithStatus(h, orderId, 'cancelled');
    expect(failed.failure).toMatchObject({ type: 'PaymentNotCompleted' });
    expect(failed.payment).toMatchObject({ status: 'declined' });
    expect(await reservationUnits(h.db, orderId)).toEqual({ released: 2 });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 3, reserved: 0 } });
    expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 0, charges: 0, refunded: 0 });
  });

  test('when the provider fails transiently, then the charge is retried and captured exactly once', async () => {
    const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_flaky' } });
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    expect(shipped.payment.status).toBe('authorized');
    const attempts = await h
      .db('sandbox_payment_operations')
      .where({ idempotency_key: `${orderId}:auth:1` })
      .first();
    expect(attempts).toMatchObject({ attempts: 3, status: 'succeeded' });
    await deliverAll(shipped);
    await eventually(
      () => moneyMoved(h.db, orderId),
      (moved) => moved.charges === 1,
    );
    expect(await moneyMoved(h.db, orderId)).toMatchObject({
      charges: 1,
      charged: shipped.amounts.totalMinor,
    });
  });

  test('when risk rejects the payment, then nothing is charged and stock is released', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 4 });
    const orderId = await placeOrder(h, {
      lines: [{ sku, quantity: 1 }],
      payment: { method: 'card', token: 'tok_riskLevelHighest' },
    });

    const rejected = await orderWithStatus(h, orderId, 'rejected');
    expect(rejected.risk.decision).toBe('reject');
    expect(rejected.risk.reasons[0]).toContain('highest risk');
    expect(rejected.payment).toBeNull();
    expect(await reservationUnits(h.db, orderId)).toEqual({ released: 1 });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-reno': { onHand: 4, reserved: 0 } });
  });

  test('when an order in review is approved by support, then it is charged and shipped', async () => {
    const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_riskLevelElevated' } });
    const inReview = await orderWithStatus(h, orderId, 'in_review');
    expect(inReview.risk.decision).toBe('review');

    // The reviewer is the support agent whose credential decides, never a name in the body.
    const review = await api(
      h,
      'POST',
      `/v1/orders/${orderId}/review`,
      { decision: 'approve' },
      await h.credentials.as('support', 'sam'),
    );
    expect(review.status).toBe(202);
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    expect(shipped.payment.status).toBe('authorized');
    expect(shipped.risk.decision).toBe('approve');
    expect(shipped.risk.reasons[0]).toBe('review by sam: approve');
  });

  test('when nobody reviews in time, then the order is rejected and its stock released', async () => {
    const sku = await createTestSku(h.db, { 'wh-chicago': 2 });
    const orderId = await placeOrder(h, {
      lines: [{ sku, quantity: 2 }],
      payment: { method: 'card', token: 'tok_riskLevelElevated' },
    });
    const rejected = await orderWithStatus(h, orderId, 'rejected');
    expect(rejected.risk.reasons[0]).toContain('review timed out');
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-chicago': { onHand: 2, reserved: 0 } });
  });

  test('when the customer cancels after payment but before dispatch, then the authorization is voided and stock released', async () => {
    const sku = await createTestSku(h.db, { 'wh-dallas': 3 });
    const orderId = await placeOrder(h, { lines: [{ sku, quantity: 3 }] });
    const shipped = await orderWithStatus(h, orderId, 'shipped');

    expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' })).status).toBe(
      202,
    );
    const cancelled = await orderWithStatus(h, orderId, 'cancelled');

    // Nothing was captured before dispatch: the authorization is voided, and there is nothing to refund.
    expect(cancelled.amounts).toMatchObject({ capturedMinor: 0, refundedMinor: 0, refundableMinor: 0 });
    expect(cancelled.refunds).toEqual([]);
    expect(cancelled.payment).toMatchObject({ status: 'voided', amountMinor: 7500 });
    expect(cancelled.shipments[0]).toMatchObject({
      trackingNumber: shipped.shipments[0].trackingNumber,
      status: 'cancelled',
    });
    expect(await reservationUnits(h.db, orderId)).toEqual({ released: 3 });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-dallas': { onHand: 3, reserved: 0 } });
    expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 0, charges: 0, refunded: 0 });
  });

  test('when a refund is requested after delivery, then that amount is refunded and no more', async () => {
    const long = await startHarness({ timeouts: { returnWindowMs: 60_000, autoConfirmAfterMs: 60_000 } });
    try {
      const orderId = await placeOrder(long, { lines: [{ sku: 'MUG-LOGO', quantity: 2 }] });
      const shipped = await orderWithStatus(long, orderId, 'shipped');
      await deliverAll(shipped, long);
      await orderWithStatus(long, orderId, 'delivered');

      const partial = await api(long, 'POST', `/v1/orders/${orderId}/refunds`, {
        amountMinor: 1000,
        reason: 'chipped',
        refundId: `r-${orderId}`,
      });
      expect(partial.status).toBe(202);
      // A duplicate of the same refund is accepted but refunds nothing more.
      await api(long, 'POST', `/v1/orders/${orderId}/refunds`, {
        amountMinor: 1000,
        reason: 'chipped',
        refundId: `r-${orderId}`,
      });
      const tooMuch = await api(long, 'POST', `/v1/orders/${orderId}/refunds`, { amountMinor: 2000 });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body.field).toBe('amountMinor');

      const refunded = await eventually(
        async () => (await api(long, 'GET', `/v1/orders/${orderId}`)).body,
        (o) => o.amounts.refundedMinor === 1000,
      );
      expect(refunded.status).toBe('delivered');
      expect(refunded.refunds).toEqual([
        expect.objectContaining({ refundId: `r-${orderId}`, amountMinor: 1000, status: 'succeeded' }),
      ]);
      expect(await moneyMoved(long.db, orderId)).toEqual({ charged: 2598, charges: 1, refunded: 1000 });
    } finally {
      await long.stop();
    }
  });

  test('when the customer never confirms receipt, then the order confirms itself after the period', async () => {
    const orderId = await placeOrder(h);
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    await deliverAll(shipped);
    const completed = await orderWithStatus(h, orderId, 'completed');
    expect(completed.timeline.find((e: { step: string }) => e.step === 'receipt')).toMatchObject({
      detail: 'confirmed automatically',
    });
    expect(completed.lines[0].allocations[0].status).toBe('committed');
  });
});
