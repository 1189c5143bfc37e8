import { NeedsAttentionKey } from '../../src/temporal/search-attributes';
import { startHarness, type Harness } from '../support/harness';
import { api, capturedOrder, carrierEvent, eventually, placeOrder, untilIndexed } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ timeouts: { autoConfirmAfterMs: 60_000, returnWindowMs: 60_000 } });
});
afterAll(() => h.stop());

test('when the provider refuses a refund our books allow, then it is rejected with the reason, the order needs attention, and the queue moves on', async () => {
  const orderId = await placeOrder(h);
  const shipped = await capturedOrder(h, orderId);
  // Someone refunded the whole capture in the provider's dashboard: our books do not know.
  const charge = await h
    .db('sandbox_payment_operations')
    .where({ kind: 'capture' })
    .andWhereLike('idempotency_key', `${orderId}:capture:%`)
    .first();
  await h.db('sandbox_payment_operations').insert({
    idempotency_key: `dashboard:${orderId}`,
    kind: 'refund',
    reference: `re_dashboard_${orderId.slice(0, 8)}`,
    status: 'succeeded',
    amount_minor: charge.amount_minor,
    currency: charge.currency,
    charge_reference: charge.reference,
  });

  expect(
    (await api(h, 'POST', `/v1/orders/${orderId}/refunds`, { refundId: 'r1', amountMinor: 100 })).status,
  ).toBe(202);
  const refused = await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}/refunds/r1`)).body,
    (refund) => refund?.status === 'rejected',
  );
  expect(refused.error).toMatch(/provider refused/);
  const order = await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (o) => o.needsAttention !== null,
  );
  expect(order.needsAttention).toMatch(/refund r1 could not be made/);
  await untilIndexed(h, orderId, NeedsAttentionKey, order.needsAttention);

  // The queue is not wedged: a carrier update after the refusal is still applied.
  await carrierEvent(h, shipped.shipments[0].trackingNumber, 'delivered');
  await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (o) => o.shipments[0].status === 'delivered',
  );
});
