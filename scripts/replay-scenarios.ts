// The saga paths whose histories `npm run replay:record` records, driven through the API as clients would.
import { checkoutWorkflowId } from '../src/temporal/workflow-ids';
import { createTestSku } from '../test/support/fixtures';
import type { Harness, startHarness } from '../test/support/harness';
import { PAYMENT_SCENARIOS } from './replay-scenarios-payments';
import { api, carrierEvent, eventually, orderWithStatus, placeOrder } from '../test/support/http';

/** A scenario places an order and drives it; `open` ones are recorded while their run still waits. */
export interface ReplayScenario {
  run(h: Harness): Promise<string>;
  open?: boolean;
  /** Recorded with a harness of its own, with these options (a short authorization expiry, say). */
  harness?: Parameters<typeof startHarness>[0];
}

const shipmentsOf = async (h: Harness, orderId: string) =>
  (await orderWithStatus(h, orderId, 'shipped')).shipments as { trackingNumber: string; kind: string }[];

/** Sends in_transit and delivered for every outbound parcel of a shipped order. */
async function deliver(h: Harness, orderId: string) {
  for (const { trackingNumber } of await shipmentsOf(h, orderId)) {
    await carrierEvent(h, trackingNumber, 'in_transit');
    await carrierEvent(h, trackingNumber, 'delivered');
  }
}

/** Waits for the order's return label and delivers it back. */
async function sendBack(h: Harness, orderId: string) {
  const returning = await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => order.shipments.some((s: { kind: string }) => s.kind === 'return'),
  );
  for (const label of returning.shipments.filter((s: { kind: string }) => s.kind === 'return'))
    await carrierEvent(h, label.trackingNumber, 'delivered');
}

export const SCENARIOS: Record<string, ReplayScenario> = {
  'completed-with-refund': {
    async run(h) {
      const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_flaky' } });
      await deliver(h, orderId);
      await orderWithStatus(h, orderId, 'delivered');
      await api(h, 'POST', `/v1/orders/${orderId}/refunds`, { amountMinor: 500, reason: 'scratch' });
      await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
      return orderId;
    },
  },
  'cancelled-before-dispatch': {
    async run(h) {
      const orderId = await placeOrder(h);
      await orderWithStatus(h, orderId, 'shipped');
      await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' });
      return orderId;
    },
  },
  'returned-after-delivery': {
    async run(h) {
      const orderId = await placeOrder(h);
      await deliver(h, orderId);
      await orderWithStatus(h, orderId, 'delivered');
      await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'return' });
      await sendBack(h, orderId);
      return orderId;
    },
  },
  'reviewed-then-approved': {
    async run(h) {
      const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_riskLevelElevated' } });
      await orderWithStatus(h, orderId, 'in_review');
      await api(h, 'POST', `/v1/orders/${orderId}/review`, { decision: 'approve' });
      await deliver(h, orderId);
      return orderId;
    },
  },
  declined: {
    run: (h) => placeOrder(h, { payment: { method: 'card', token: 'tok_chargeDeclined' } }),
  },
  'refund-after-completion': {
    async run(h) {
      const orderId = await placeOrder(h);
      await deliver(h, orderId);
      await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
      await orderWithStatus(h, orderId, 'completed');
      await api(h, 'POST', `/v1/orders/${orderId}/refunds`, { refundId: 'late', amountMinor: 300 });
      return orderId;
    },
  },
  'out-of-stock': {
    async run(h) {
      const sku = await createTestSku(h.db, { 'wh-reno': 1 });
      return placeOrder(h, { lines: [{ sku, quantity: 2 }] });
    },
  },
  'review-timeout': {
    run: (h) => placeOrder(h, { payment: { method: 'card', token: 'tok_riskLevelElevated' } }),
  },
  'several-parcels': {
    async run(h) {
      const sku = await createTestSku(h.db, { 'wh-newark': 1, 'wh-reno': 1 });
      const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
      await deliver(h, orderId);
      return orderId;
    },
  },
  'return-window-expiry': {
    async run(h) {
      const orderId = await placeOrder(h);
      await deliver(h, orderId);
      return orderId;
    },
  },
  'partial-return-of-parcels': {
    async run(h) {
      const sku = await createTestSku(h.db, { 'wh-newark': 1, 'wh-reno': 1 });
      const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
      const [first] = await shipmentsOf(h, orderId);
      await carrierEvent(h, first!.trackingNumber, 'in_transit');
      await eventually(
        async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
        (order) => order.shipments.some((s: { status: string }) => s.status === 'in_transit'),
      );
      await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'one parcel too many' });
      await sendBack(h, orderId);
      return orderId;
    },
  },
  'cancelled-in-temporal-ui': {
    async run(h) {
      const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_riskLevelElevated' } });
      await orderWithStatus(h, orderId, 'in_review');
      await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).cancel();
      return orderId;
    },
  },
  'continued-as-new': {
    async run(h) {
      const orderId = await placeOrder(h);
      await deliver(h, orderId);
      await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
      await orderWithStatus(h, orderId, 'completed');
      // Refunds one after another until the run passes its history limit and continues as new (how many
      // that takes depends on the events each step writes: fewer since records are local activities).
      const handle = h.client.workflow.getHandle(checkoutWorkflowId(orderId));
      const firstRun = (await handle.describe()).runId;
      for (let i = 1; i <= 30 && (await handle.describe()).runId === firstRun; i += 1) {
        await api(h, 'POST', `/v1/orders/${orderId}/refunds`, { refundId: `cent-${i}`, amountMinor: 1 });
        await eventually(
          async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
          (order) => order.amounts.refundedMinor === i,
        );
      }
      return orderId;
    },
  },
  'return-lapsed': {
    async run(h) {
      const orderId = await placeOrder(h);
      await deliver(h, orderId);
      await orderWithStatus(h, orderId, 'delivered');
      // A return is started and never sent back: the order stands once the window passes.
      await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'return, then kept' });
      return orderId;
    },
  },
  'still-waiting-for-delivery': {
    open: true,
    async run(h) {
      const orderId = await placeOrder(h);
      const [parcel] = await shipmentsOf(h, orderId);
      await carrierEvent(h, parcel!.trackingNumber, 'in_transit');
      await eventually(
        async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
        (order) => order.shipments[0].status === 'in_transit',
      );
      return orderId;
    },
  },
  ...PAYMENT_SCENARIOS,
};
