// The saga paths whose histories `npm run replay:record` records, driven through the API as clients would.
import type { CheckoutTimeouts } from '../src/domain/checkout';
import { checkoutWorkflowId } from '../src/temporal/workflow-ids';
import { createTestSku } from '../test/support/fixtures';
import type { Harness, startHarness } from '../test/support/harness';
import { REFUND_SCENARIOS } from './replay-scenarios-refunds';
import { api, carrierEvent, eventually, orderWithStatus, placeOrder, rawApi } from '../test/support/http';
import { BERLIN, BERLIN_ADDRESS, createCustomerIn } from '../test/commerce/commerce-fixtures';
import { PAYMENT_SCENARIOS } from './replay-scenarios-payments';

/**
 * A scenario places an order and drives it; `open` ones are recorded while their run still waits. With
 * `timeouts`, it runs on a harness of its own with those (the others share the fast defaults).
 */
export interface ReplayScenario {
  run(h: Harness): Promise<string>;
  open?: boolean;
  timeouts?: Partial<Required<CheckoutTimeouts>>;
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

/** Delivers the parcels of an order still on their way (a change may have voided some, a carrier lost one). */
async function deliverLive(h: Harness, orderId: string) {
  const order = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
  for (const { trackingNumber, status } of order.shipments as { trackingNumber: string; status: string }[]) {
    if (status !== 'label_created' && status !== 'in_transit') continue;
    await carrierEvent(h, trackingNumber, 'in_transit');
    await carrierEvent(h, trackingNumber, 'delivered');
  }
}

const SAN_FRANCISCO = {
  name: 'Alice Example',
  line1: '500 Market St',
  city: 'San Francisco',
  postalCode: '94103',
  country: 'US',
};

/** Waits until the order's NeedsAttention flag is raised (true) or cleared (false). */
const untilAttention = (h: Harness, orderId: string, raised: boolean) =>
  eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => (order.needsAttention !== null) === raised,
  );

/** Places a two-unit order from Chicago and sends its parcel on its way; returns the order and parcel. */
async function travelling(h: Harness) {
  const sku = await createTestSku(h.db, { 'wh-chicago': 4 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
  const [parcel] = await shipmentsOf(h, orderId);
  await carrierEvent(h, parcel!.trackingNumber, 'in_transit');
  return { orderId, tracking: parcel!.trackingNumber };
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
  ...REFUND_SCENARIOS,
  // A EUR cart checked out to Berlin: the input carries pricing (amount due, the rate converting the laptop,
  // which has no EUR price), and the mugs ship from Frankfurt.
  'cart-checkout-eur': {
    async run(h) {
      const customerId = await createCustomerIn(h.db, 'DE', BERLIN);
      const auth = await h.credentials.as('customer', customerId);
      const cart = await rawApi(h, 'POST', '/v1/carts', { currency: 'EUR' }, auth);
      const cartId = cart.body.cartId as string;
      await rawApi(h, 'POST', `/v1/carts/${cartId}/lines`, { sku: 'MUG-LOGO', quantity: 2 }, auth);
      await rawApi(h, 'POST', `/v1/carts/${cartId}/lines`, { sku: 'LAPTOP-13', quantity: 1 }, auth);
      const placed = await rawApi(
        h,
        'POST',
        `/v1/carts/${cartId}/checkout`,
        { shippingAddress: BERLIN_ADDRESS, payment: { method: 'card', token: 'tok_visa' } },
        { ...auth, 'Idempotency-Key': `replay-${cartId}` },
      );
      const orderId = placed.body.orderId as string;
      await deliver(h, orderId);
      await orderWithStatus(h, orderId, 'delivered');
      await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
      return orderId;
    },
  },
  'change-address': {
    async run(h) {
      const sku = await createTestSku(h.db, { 'wh-newark': 2, 'wh-reno': 2 });
      const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
      await shipmentsOf(h, orderId);
      await api(h, 'PATCH', `/v1/orders/${orderId}/shipping-address`, SAN_FRANCISCO);
      await deliverLive(h, orderId);
      return orderId;
    },
  },
  'change-address-reviewed': {
    async run(h) {
      const sku = await createTestSku(h.db, { 'wh-newark': 2, 'wh-reno': 2 }, 25_000);
      const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
      await shipmentsOf(h, orderId);
      await api(h, 'PATCH', `/v1/orders/${orderId}/shipping-address`, SAN_FRANCISCO);
      await untilAttention(h, orderId, true);
      await api(h, 'POST', `/v1/orders/${orderId}/review`, { decision: 'approve' });
      await untilAttention(h, orderId, false);
      await deliverLive(h, orderId);
      return orderId;
    },
  },
  'change-remove-line': {
    async run(h) {
      const kept = await createTestSku(h.db, { 'wh-chicago': 2 });
      const removed = await createTestSku(h.db, { 'wh-dallas': 1 });
      const orderId = await placeOrder(h, {
        lines: [
          { sku: kept, quantity: 2 },
          { sku: removed, quantity: 1 },
        ],
      });
      await shipmentsOf(h, orderId);
      await api(h, 'POST', `/v1/orders/${orderId}/changes`, { type: 'remove_line', sku: removed });
      await deliverLive(h, orderId);
      return orderId;
    },
  },
  'change-before-charge': {
    async run(h) {
      const sku = await createTestSku(h.db, { 'wh-reno': 3 });
      const orderId = await placeOrder(h, {
        lines: [{ sku, quantity: 3 }],
        payment: { method: 'card', token: 'tok_riskLevelElevated' },
      });
      await orderWithStatus(h, orderId, 'in_review');
      await api(h, 'POST', `/v1/orders/${orderId}/changes`, { type: 'reduce_quantity', sku, quantity: 1 });
      await api(h, 'POST', `/v1/orders/${orderId}/review`, { decision: 'approve' });
      await orderWithStatus(h, orderId, 'shipped');
      await deliverLive(h, orderId);
      return orderId;
    },
  },
  'change-exception-cleared': {
    async run(h) {
      const { orderId, tracking } = await travelling(h);
      await api(h, 'POST', '/v1/webhooks/carrier', {
        trackingNumber: tracking,
        status: 'exception',
        detail: 'address not found',
      });
      await untilAttention(h, orderId, true);
      await carrierEvent(h, tracking, 'in_transit');
      await carrierEvent(h, tracking, 'delivered');
      return orderId;
    },
  },
  'change-lost-reship': {
    async run(h) {
      const { orderId, tracking } = await travelling(h);
      await carrierEvent(h, tracking, 'lost');
      await untilAttention(h, orderId, true);
      await api(h, 'POST', `/v1/orders/${orderId}/lost-parcels/${tracking}/decision`, { decision: 'reship' });
      await untilAttention(h, orderId, false);
      await deliverLive(h, orderId);
      return orderId;
    },
  },
  'change-lost-refund': {
    async run(h) {
      const { orderId, tracking } = await travelling(h);
      await carrierEvent(h, tracking, 'lost');
      await untilAttention(h, orderId, true);
      await api(h, 'POST', `/v1/orders/${orderId}/lost-parcels/${tracking}/decision`, { decision: 'refund' });
      return orderId;
    },
  },
  'change-returned-to-sender': {
    async run(h) {
      const { orderId, tracking } = await travelling(h);
      await carrierEvent(h, tracking, 'returned_to_sender');
      return orderId;
    },
  },
  ...PAYMENT_SCENARIOS,
};
