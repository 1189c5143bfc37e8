import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { startHarness, type Harness } from '../support/harness';
import {
  api,
  burst,
  carrierEvent,
  eventually,
  orderWithStatus,
  placeOrder,
  retryingUnavailable,
} from '../support/http';

let h: Harness;
beforeAll(async () => {
  // A return window long enough to outlast the burst of 5,000 requests on a busy machine.
  h = await startHarness({ timeouts: { autoConfirmAfterMs: 600_000, returnWindowMs: 600_000 } });
});
afterAll(() => h.stop());

const historyLength = async (orderId: string) =>
  (await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).describe()).historyLength;

/** The run's history length once it has stopped growing (two reads 500 ms apart agree). */
async function quietHistoryLength(orderId: string): Promise<number> {
  let last = await historyLength(orderId);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await historyLength(orderId);
    if (now === last) return now;
    last = now;
  }
}

describe('repeated messages', () => {
  test('when 5,000 duplicate webhooks and receipts arrive, then the run keeps working and its history stays under 2,000 events', async () => {
    const orderId = await placeOrder(h);
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    const parcel = shipped.shipments[0].trackingNumber;
    expect((await carrierEvent(h, parcel, 'in_transit')).status).toBe(202);

    // The first receipt completes the order (its return window stays open); every other one is a repeat.
    // Sent as real clients do, trying a 503 again: on a loaded machine a few requests in such a burst can be
    // refused as overload, which is not what this test is about.
    const statuses = await burst(5_000, 25, (i) =>
      retryingUnavailable(() =>
        i % 2 === 0 ? carrierEvent(h, parcel, 'in_transit') : api(h, 'POST', `/v1/orders/${orderId}/receipt`),
      ),
    );
    expect(statuses.filter((status) => status >= 300)).toEqual([]);
    expect(await historyLength(orderId)).toBeLessThan(2_000);

    // Still working: the order completed, and a refund in its return window is carried out.
    await orderWithStatus(h, orderId, 'completed');
    expect(
      (await api(h, 'POST', `/v1/orders/${orderId}/refunds`, { refundId: 'after', amountMinor: 100 })).status,
    ).toBe(202);
    await eventually(
      async () => (await api(h, 'GET', `/v1/orders/${orderId}/refunds/after`)).body,
      (refund) => refund?.status === 'succeeded',
    );
  }, 240_000);

  test('when a command does not fit the order, then it answers 409 with the reason and writes nothing to history', async () => {
    const orderId = await placeOrder(h);
    await orderWithStatus(h, orderId, 'shipped');
    // The row is written by an activity whose completion the run records just after: wait until it is quiet.
    const before = await quietHistoryLength(orderId);
    const review = await api(h, 'POST', `/v1/orders/${orderId}/review`, {
      decision: 'approve',
    });
    expect(review.status).toBe(409);
    expect(review.body.message).toMatch(/not in review; it is shipped/);
    const receipt = await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
    expect(receipt.status).toBe(409);
    expect(receipt.body.message).toMatch(/left the warehouse/);
    expect(await historyLength(orderId)).toBe(before);
  });

  test('when a cancellation is sent twice, then both answer 202 and the order is cancelled once', async () => {
    const orderId = await placeOrder(h);
    await orderWithStatus(h, orderId, 'shipped');
    const [first, second] = await Promise.all([
      api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'twice' }),
      api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'twice' }),
    ]);
    expect([first.status, second.status]).toEqual([202, 202]);
    const cancelled = await orderWithStatus(h, orderId, 'cancelled');
    expect(cancelled.timeline.filter((e: { step: string }) => e.step === 'cancel')).toHaveLength(1);
  });
});
