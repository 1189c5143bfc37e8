import type { InventorySnapshot } from '../../src/audit';
import { createAuditor } from '../../src/audit';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { createTestSku } from '../support/fixtures';
import type { Harness } from '../support/harness';
import { api, deliverParcels, orderWithStatus, placeOrder, retryingUnavailable } from '../support/http';

/** Every invariant of the auditor holds, each listed by name with no violation. */
export function expectAuditorGreen(report: {
  invariants: { name: string; violations: unknown[] }[];
  passed: boolean;
}) {
  expect(report.invariants.map((invariant) => [invariant.name, invariant.violations])).toEqual([
    ['stock', []],
    ['money', []],
    ['pricing', []],
    ['states', []],
    ['history', []],
  ]);
  expect(report.passed).toBe(true);
}

/** Long enough to outlast a backup and restore; the return window closes soon after. */
export const BACKUP_TIMEOUTS = { reviewTimeoutMs: 10 * 60_000, returnWindowMs: 30_000 };

/** Orders in the three states a backup must carry over, with the stock they came from. */
export interface OrdersInFlight {
  inReview: string;
  shipped: string;
  inReturnWindow: string;
  sku: string;
  snapshot: InventorySnapshot;
}

/** Places one order waiting for review, one shipped, and one received and in its return window. */
export async function placeOrdersInThreeStates(h: Harness): Promise<OrdersInFlight> {
  const sku = await createTestSku(h.db, { 'wh-newark': 10 });
  const snapshot = await createAuditor({ db: h.db, temporal: h.client }).snapshotInventory([sku]);
  const lines = [{ sku, quantity: 1 }];
  const inReview = await placeOrder(h, {
    lines,
    payment: { method: 'card', token: 'tok_riskLevelElevated' },
  });
  const shipped = await placeOrder(h, { lines });
  const inReturnWindow = await placeOrder(h, { lines });
  await orderWithStatus(h, inReview, 'in_review');
  await orderWithStatus(h, shipped, 'shipped');
  await deliverParcels(h, await orderWithStatus(h, inReturnWindow, 'shipped'));
  expect((await api(h, 'POST', `/v1/orders/${inReturnWindow}/receipt`)).status).toBeLessThan(300);
  await orderWithStatus(h, inReturnWindow, 'completed');
  return { inReview, shipped, inReturnWindow, sku, snapshot };
}

/**
 * After a restore: approves the review, delivers and confirms the two open orders, waits for all three
 * runs to close (the return windows end) and expects every order completed with the auditor green.
 */
export async function expectAllResumeAndComplete(h: Harness, orders: OrdersInFlight): Promise<void> {
  // Sent as a client would, trying a 503 again: a just-restored cluster may still be loading its shards.
  const support = await h.credentials.as('support', 'sam');
  const review = await retryingUnavailable(() =>
    api(h, 'POST', `/v1/orders/${orders.inReview}/review`, { decision: 'approve' }, support),
  );
  expect(review.status).toBe(202);
  for (const orderId of [orders.inReview, orders.shipped]) {
    await deliverParcels(h, await orderWithStatus(h, orderId, 'shipped'));
    const receipt = await retryingUnavailable(() => api(h, 'POST', `/v1/orders/${orderId}/receipt`));
    expect(receipt.status).toBeLessThan(300);
  }
  const orderIds = [orders.inReview, orders.shipped, orders.inReturnWindow];
  await Promise.all(orderIds.map((id) => h.client.workflow.getHandle(checkoutWorkflowId(id)).result()));
  const auditor = createAuditor({ db: h.db, temporal: h.client });
  const report = await auditor.audit({ orderIds, skus: [orders.sku], snapshot: orders.snapshot });

  expectAuditorGreen(report);
  expect((await h.db('orders').whereIn('id', orderIds).pluck('status')).sort()).toEqual([
    'completed',
    'completed',
    'completed',
  ]);
}
