import type { Knex } from 'knex';
import { formatMoney } from '../../src/domain/money';
import { settleSandboxPayment } from '../../src/payments/sandbox-payment-events';
import type { Caller, DemoClient } from './demo-client';

/** One scripted path: what it shows, and the orders it leaves behind for the report. */
export interface DemoScenario {
  title: string;
  run(ctx: DemoContext): Promise<string[]>;
}

export interface DemoContext {
  api: DemoClient;
  /** The app's database: the sandbox provider keeps its ledger there, as a real one keeps its own. */
  db: Knex;
  log: (line: string) => void;
}

const BERLIN = {
  name: 'Hans Muster',
  line1: 'Unter den Linden 1',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
};
const NEW_YORK = {
  name: 'Alice Example',
  line1: '1 Main St',
  city: 'New York',
  postalCode: '10001',
  country: 'US',
};
const hans: Caller = { role: 'customer', subject: 'cus-hans' };
const alice: Caller = { role: 'customer', subject: 'cus-alice' };

const outbound = (view: { shipments: { kind: string; status: string; trackingNumber: string }[] }) =>
  view.shipments.filter((s) => s.kind === 'outbound' && s.status !== 'cancelled');

/** Hands every parcel to the carrier, delivers it, and confirms receipt as the customer. */
async function deliverAll({ api, log }: DemoContext, orderId: string, customer: Caller) {
  const view = await api.reach(orderId, 'shipped');
  for (const parcel of outbound(view)) {
    await api.carrier(parcel.trackingNumber, 'in_transit');
    log(`  carrier: ${parcel.trackingNumber} in transit`);
  }
  for (const parcel of outbound(view)) await api.carrier(parcel.trackingNumber, 'delivered');
  await api.reach(orderId, 'delivered', 'completed');
  await api.call(customer, 'POST', `/v1/orders/${orderId}/receipt`);
  await api.reach(orderId, 'completed');
  log('  delivered and received: completed');
}

/** Sends back the parcels of an approved application and waits for its refund. */
async function returnAndRefund(ctx: DemoContext, orderId: string, applicationId: string) {
  const { api, log } = ctx;
  const path = `/v1/orders/${orderId}/refund-applications/${applicationId}`;
  const labelled = await api.until(
    `application ${applicationId} to get return labels`,
    async () => (await api.call(api.support, 'GET', path)).body,
    (a) => a.status === 'awaiting_return',
  );
  for (const parcel of labelled.returnParcels as { trackingNumber: string }[]) {
    await api.carrier(parcel.trackingNumber, 'in_transit');
    await api.carrier(parcel.trackingNumber, 'delivered');
    log(`  return parcel ${parcel.trackingNumber} arrived at the warehouse: restocked`);
  }
  const refunded = await api.until(
    `application ${applicationId} to be refunded`,
    async () => (await api.call(api.support, 'GET', path)).body,
    (a) => a.status === 'refunded',
  );
  const { currency } = (await api.order(orderId)).amounts;
  log(`  refunded ${formatMoney(refunded.refundedMinor, currency)}`);
}

/** A product stocked in one warehouse only, so that an order of two of them ships in two parcels. */
async function stockedIn({ api }: DemoContext, sku: string, warehouseId: string, priceMinor: number) {
  await api.call(api.admin, 'PUT', `/v1/products/${sku}`, { name: sku, priceMinor, currency: 'USD' });
  await api.call(
    api.admin,
    'POST',
    '/v1/inventory/adjustments',
    { warehouseId, sku, delta: 20, reason: 'received', note: 'demo stock' },
    { 'Idempotency-Key': `demo-stock-${sku}-${warehouseId}` },
  );
}

export const DEMO_SCENARIOS: DemoScenario[] = [
  {
    title: 'A EUR cart paid by wallet, completed by the provider webhook, with a partial return of one line',
    async run(ctx) {
      const { api, db, log } = ctx;
      const cart = (await api.call(hans, 'POST', '/v1/carts', { currency: 'EUR' })).body;
      await api.call(hans, 'POST', `/v1/carts/${cart.cartId}/lines`, { sku: 'MUG-LOGO', quantity: 2 });
      await api.call(hans, 'POST', `/v1/carts/${cart.cartId}/lines`, { sku: 'TSHIRT-BLK-M', quantity: 1 });
      const totals = (await api.call(hans, 'GET', `/v1/carts/${cart.cartId}?paymentMethod=wallet`)).body;
      const shown = totals.totals.display;
      log(
        `  cart ${cart.cartId}: ${shown.subtotal} + shipping ${shown.shipping} + wallet fee ${shown.methodFee} = ${shown.amountDue}`,
      );
      const placed = await api.call(
        hans,
        'POST',
        `/v1/carts/${cart.cartId}/checkout`,
        { shippingAddress: BERLIN, payment: { method: 'wallet' } },
        { 'Idempotency-Key': `demo-wallet-${cart.cartId}` },
      );
      const { orderId } = placed.body;
      await api.reach(orderId, 'awaiting_payment');
      const waiting = await api.until(
        'the wallet redirect',
        () => api.payment(orderId),
        (p) => p.requiredAction?.type === 'redirect',
      );
      log(`  order ${orderId} awaits payment: customer sent to ${waiting.requiredAction.url}`);
      const reference = waiting.attempts.at(-1).reference as string;
      const event = await settleSandboxPayment(db, reference, 'authorized');
      await api.call('provider', 'POST', '/v1/webhooks/payments', event);
      log('  the customer paid at the wallet; the provider webhook says payment.authorized');
      await deliverAll(ctx, orderId, hans);
      const applied = await api.call(hans, 'POST', `/v1/orders/${orderId}/refund-applications`, {
        lines: [{ sku: 'MUG-LOGO', quantity: 1 }],
        reason: 'damaged',
      });
      log(`  return of one mug: ${applied.body.status} (under the auto-approval limit)`);
      await returnAndRefund(ctx, orderId, applied.body.applicationId);
      return [orderId];
    },
  },
  {
    title: 'A bank transfer that never arrives: reconciled, cancelled, stock released',
    async run({ api, log }) {
      const placed = await api.call(alice, 'POST', '/v1/orders', {
        currency: 'USD',
        lines: [{ sku: 'MUG-LOGO', quantity: 1 }],
        shippingAddress: NEW_YORK,
        payment: { method: 'bank_transfer' },
      });
      const { orderId } = placed.body;
      const waiting = await api.until(
        'transfer instructions',
        () => api.payment(orderId),
        (p) => p.requiredAction?.type === 'bank_transfer',
      );
      const action = waiting.requiredAction;
      log(
        `  order ${orderId}: transfer ${action.amountMinor} ${action.currency} to ${action.iban}, reference ${action.reference}`,
      );
      log('  … no transfer comes; at the deadline the saga asks the provider, then cancels');
      const cancelled = await api.reach(orderId, 'cancelled');
      log(`  cancelled (${cancelled.failure?.message ?? 'no payment'}); its mug went back to stock`);
      return [orderId];
    },
  },
  {
    title:
      'A card order shipped in two parcels, captured per parcel; a refund over the limit, approved by support',
    async run(ctx) {
      const { api, log } = ctx;
      await stockedIn(ctx, 'DEMO-LAMP', 'wh-newark', 8900);
      await stockedIn(ctx, 'DEMO-RUG', 'wh-reno', 12900);
      const placed = await api.call(alice, 'POST', '/v1/orders', {
        currency: 'USD',
        lines: [
          { sku: 'DEMO-LAMP', quantity: 1 },
          { sku: 'DEMO-RUG', quantity: 1 },
        ],
        shippingAddress: NEW_YORK,
        payment: { method: 'card', token: 'tok_visa' },
      });
      const { orderId } = placed.body;
      const shipped = await api.reach(orderId, 'shipped');
      const parcels = outbound(shipped);
      log(`  order ${orderId}: authorized, ${parcels.length} parcels labelled`);
      for (const parcel of parcels) {
        await api.carrier(parcel.trackingNumber, 'in_transit');
        const view = await api.until(
          `the capture of ${parcel.trackingNumber}`,
          () => api.payment(orderId),
          (p) => p.captures.length > parcels.indexOf(parcel),
        );
        log(`  ${parcel.trackingNumber} handed over: captured ${view.captures.at(-1).amountMinor}`);
      }
      for (const parcel of parcels) await api.carrier(parcel.trackingNumber, 'delivered');
      await api.reach(orderId, 'delivered', 'completed');
      await api.call(alice, 'POST', `/v1/orders/${orderId}/receipt`);
      await api.reach(orderId, 'completed');
      const applied = await api.call(alice, 'POST', `/v1/orders/${orderId}/refund-applications`, {
        lines: [{ sku: 'DEMO-RUG', quantity: 1 }],
        reason: 'not_as_described',
      });
      log(`  refund application for the rug: ${applied.body.status} (above the limit: waits for support)`);
      await api.call(
        api.support,
        'POST',
        `/v1/orders/${orderId}/refund-applications/${applied.body.applicationId}/decision`,
        { decision: 'approve', note: 'photos confirm it' },
      );
      log('  support approved it');
      await returnAndRefund(ctx, orderId, applied.body.applicationId);
      return [orderId];
    },
  },
];
