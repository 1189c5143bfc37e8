// The payment paths (authorize-then-capture) that `npm run replay:record -- v8 pay-…` records.
import { settleSandboxPayment } from '../src/payments/sandbox-payment-events';
import { createTestCustomer, createTestSku } from '../test/support/fixtures';
import type { Harness } from '../test/support/harness';
import { api, carrierEvent, eventually, orderWithStatus, placeOrder } from '../test/support/http';
import type { ReplayScenario } from './replay-scenarios';

/** Waits for the order to await an action of `type` and returns its authorization reference. */
async function awaitedReference(h: Harness, orderId: string, type: string): Promise<string> {
  const view = await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}/payment`)).body,
    (payment) => payment.requiredAction?.type === type,
  );
  return view.attempts.at(-1).reference;
}

/** The customer completes the payment at the provider, which then notifies the shop (and repeats itself). */
async function completeAndNotify(h: Harness, reference: string) {
  const event = await settleSandboxPayment(h.db, reference, 'authorized');
  await api(h, 'POST', '/v1/webhooks/payments', event);
  await api(h, 'POST', '/v1/webhooks/payments', event);
}

const parcelsOf = async (h: Harness, orderId: string) =>
  (await orderWithStatus(h, orderId, 'shipped')).shipments as { trackingNumber: string }[];

export const PAYMENT_SCENARIOS: Record<string, ReplayScenario> = {
  'pay-two-parcel-captures': {
    async run(h) {
      const sku = await createTestSku(h.db, { 'wh-newark': 1, 'wh-reno': 1 });
      const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
      for (const { trackingNumber } of await parcelsOf(h, orderId)) {
        await carrierEvent(h, trackingNumber, 'in_transit');
        await carrierEvent(h, trackingNumber, 'delivered');
      }
      await orderWithStatus(h, orderId, 'delivered');
      await api(h, 'POST', `/v1/orders/${orderId}/refunds`, { refundId: 'across', amountMinor: 3000 });
      await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
      return orderId;
    },
  },
  'pay-cancel-voids': {
    async run(h) {
      const orderId = await placeOrder(h);
      await orderWithStatus(h, orderId, 'shipped');
      await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' });
      return orderId;
    },
  },
  'pay-wallet-webhook': {
    async run(h) {
      const orderId = await placeOrder(h, { payment: { method: 'wallet' } });
      const reference = await awaitedReference(h, orderId, 'redirect');
      await completeAndNotify(h, reference);
      const stale = { eventId: `late-${orderId}`, type: 'payment.failed', paymentReference: reference };
      await api(h, 'POST', '/v1/webhooks/payments', stale);
      for (const { trackingNumber } of await parcelsOf(h, orderId)) {
        await carrierEvent(h, trackingNumber, 'in_transit');
        await carrierEvent(h, trackingNumber, 'delivered');
      }
      return orderId;
    },
  },
  'pay-bank-transfer-never-arrives': {
    run: (h) => placeOrder(h, { payment: { method: 'bank_transfer' } }),
  },
  'pay-decline-then-retry': {
    async run(h) {
      const customerId = await createTestCustomer(h.db);
      const orderId = await placeOrder(h, {
        customerId,
        payment: { method: 'card', token: 'tok_chargeDeclined' },
      });
      await awaitedReference(h, orderId, 'retry');
      await api(
        h,
        'POST',
        `/v1/orders/${orderId}/payment-attempts`,
        { payment: { method: 'wallet' } },
        {
          ...(await h.credentials.as('customer', customerId)),
        },
      );
      await completeAndNotify(h, await awaitedReference(h, orderId, 'redirect'));
      await orderWithStatus(h, orderId, 'shipped');
      await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'paid, then changed my mind' });
      return orderId;
    },
  },
  'pay-three-d-secure': {
    async run(h) {
      const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_threeDSecure' } });
      await completeAndNotify(h, await awaitedReference(h, orderId, 'three_d_secure'));
      await orderWithStatus(h, orderId, 'shipped');
      await api(h, 'POST', `/v1/orders/${orderId}/cancel`, {});
      return orderId;
    },
  },
  'pay-reauthorization': {
    harness: { authorizationTtlMs: 4_000 },
    async run(h) {
      const orderId = await placeOrder(h);
      const [parcel] = await parcelsOf(h, orderId);
      await eventually(
        async () => (await api(h, 'GET', `/v1/orders/${orderId}/payment`)).body,
        (payment) => payment.attempts.length >= 2 && payment.attempts[0].status === 'voided',
        20_000,
      );
      await carrierEvent(h, parcel!.trackingNumber, 'in_transit');
      await carrierEvent(h, parcel!.trackingNumber, 'delivered');
      return orderId;
    },
  },
  'pay-reauthorization-declined': {
    harness: { authorizationTtlMs: 4_000 },
    run: (h) => placeOrder(h, { payment: { method: 'card', token: 'tok_reauthDeclined' } }),
  },
};
