import type { CheckoutState } from '../../src/domain/checkout';
import { OrderIdKey, OrderStatusKey } from '../../src/temporal/search-attributes';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { refundSignal } from '../../workflows/checkout.messages';
import { startHarness, type Harness } from '../support/harness';
import { api, carrierEvent, eventually, orderWithStatus, placeOrder } from '../support/http';

const LIMIT = 220;
let h: Harness;
beforeAll(async () => {
  // A low history limit, so that a short test crosses it; real orders use HISTORY_EVENTS_LIMIT (1,500).
  h = await startHarness({
    timeouts: { autoConfirmAfterMs: 600_000, returnWindowMs: 30_000 },
    historyLimit: LIMIT,
  });
});
afterAll(() => h.stop());

test('when a long-lived order passes its history limit, then it continues as new at a quiet point and carries on where it was', async () => {
  const orderId = await placeOrder(h);
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  const parcel = shipped.shipments[0].trackingNumber;
  await carrierEvent(h, parcel, 'in_transit');
  await carrierEvent(h, parcel, 'delivered');
  await orderWithStatus(h, orderId, 'delivered');
  expect((await api(h, 'POST', `/v1/orders/${orderId}/receipt`)).status).toBe(202);
  await orderWithStatus(h, orderId, 'completed');

  // Refunds of one cent each, one after another as they would come over weeks: each adds events, and the
  // run continues as new at the first quiet point past the limit.
  const workflowId = checkoutWorkflowId(orderId);
  const firstRun = (await h.client.workflow.getHandle(workflowId).describe()).runId;
  for (let i = 1; i <= 30; i += 1) {
    await h.client.workflow
      .getHandle(workflowId)
      .signal(refundSignal, { refundId: `cent-${i}`, amountMinor: 1, reason: 'goodwill' });
    await eventually(
      async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
      (order) => order.amounts.refundedMinor === i,
    );
  }

  const runs: { runId: string; historyLength: number }[] = [];
  for await (const run of h.client.workflow.list({ query: `WorkflowId = '${checkoutWorkflowId(orderId)}'` }))
    runs.push({ runId: run.runId, historyLength: run.historyLength });
  expect(runs.length).toBeGreaterThan(1);
  expect(runs.map((r) => r.runId)).toContain(firstRun);
  // Each run stops near the limit: at most one refund's worth of events past it.
  for (const run of runs) expect(run.historyLength).toBeLessThan(LIMIT + 30);

  // Support still finds the order's latest run by its search attributes.
  const latest = await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).describe();
  expect(latest.runId).not.toBe(firstRun);
  expect(latest.typedSearchAttributes.get(OrderIdKey)).toBe(orderId);
  expect(latest.typedSearchAttributes.get(OrderStatusKey)).toBe('completed');

  // The last run finishes the return window with everything carried: refunds, status, the timeline's order.
  const final = (await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).result()) as CheckoutState;
  expect(final.status).toBe('completed');
  expect(final.refundedMinor).toBe(30);
  expect(final.refunds.filter((r) => r.status === 'succeeded')).toHaveLength(30);
  const seqs: number[] = await h.db('order_events').where({ order_id: orderId }).orderBy('seq').pluck('seq');
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
}, 120_000);
