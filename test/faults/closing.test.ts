import { WorkflowNotFoundError } from '@temporalio/client';
import type { CheckoutState } from '../../src/domain/checkout';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { refundSignal } from '../../workflows/checkout.messages';
import { createTestSku, moneyMoved, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, deliverParcels, orderWithStatus, placeOrder } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ timeouts: { autoConfirmAfterMs: 60_000, returnWindowMs: 3_000 } });
});
afterAll(() => h.stop());

test('when refunds keep arriving as the return window closes, then each one is carried out or refused, none dropped', async () => {
  const orderId = await placeOrder(h);
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  for (const status of ['in_transit', 'delivered'])
    await api(h, 'POST', '/v1/webhooks/carrier', {
      trackingNumber: shipped.shipments[0].trackingNumber,
      status,
    });
  await orderWithStatus(h, orderId, 'delivered');
  expect((await api(h, 'POST', `/v1/orders/${orderId}/receipt`)).status).toBe(202);
  await orderWithStatus(h, orderId, 'completed');

  // Straight to the workflow, every 30 ms, until the run has closed (or 30 s have passed).
  const handle = h.client.workflow.getHandle(checkoutWorkflowId(orderId));
  let sent = 0;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    try {
      await handle.signal(refundSignal, { refundId: `late-${sent}`, amountMinor: 1, reason: 'late' });
      sent += 1;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) break;
      throw error;
    }
  }
  const final = (await handle.result()) as CheckoutState;
  expect(sent).toBeGreaterThan(0);
  expect(final.refunds.filter((r) => r.status === 'requested')).toEqual([]);
  const succeeded = final.refunds.filter((r) => r.status === 'succeeded');
  expect((await moneyMoved(h.db, orderId)).refunded).toBe(succeeded.length);
  expect(await h.db('refunds').where({ order_id: orderId, status: 'pending' })).toEqual([]);
});

test('when a return is not sent back within the window, then the order stands: completed, paid, its stock gone', async () => {
  const sku = await createTestSku(h.db, { 'wh-reno': 2 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 1 }] });
  await deliverParcels(h, await orderWithStatus(h, orderId, 'shipped'));
  expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' })).status).toBe(
    202,
  );

  const completed = await orderWithStatus(h, orderId, 'completed', 20_000);
  expect(completed.timeline.at(-1)).toMatchObject({ step: 'return', outcome: 'failed' });
  expect(await moneyMoved(h.db, orderId)).toMatchObject({ charged: 2500, refunded: 0 });
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-reno': { onHand: 1, reserved: 0 } });
  await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).result();
});
