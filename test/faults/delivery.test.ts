import { createHash } from 'node:crypto';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { NeedsAttentionKey } from '../../src/temporal/search-attributes';
import { carrierEventSignal, statusQuery } from '../../workflows/checkout.messages';
import { createTestSku, reservationUnits } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import {
  api,
  carrierEvent,
  deliverParcels,
  eventually,
  orderWithStatus,
  placeOrder,
  untilIndexed,
} from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    timeouts: { deliverySlaMs: 2_000, autoConfirmAfterMs: 60_000, returnWindowMs: 60_000 },
  });
});
afterAll(() => h.stop());

const handleOf = (orderId: string) => h.client.workflow.getHandle(checkoutWorkflowId(orderId));

/** The tracking number the sandbox carrier gives a label key: its documented, deterministic format. */
const sandboxTrackingNumber = (key: string) =>
  `SBX${BigInt(`0x${createHash('sha256').update(key).digest('hex').slice(0, 15)}`)
    .toString()
    .padStart(12, '0')
    .slice(-12)}`;

describe('delivery', () => {
  test('when parcels are not delivered within the SLA, then the order needs attention and a late delivery still completes it', async () => {
    const orderId = await placeOrder(h);
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    const flagged = await eventually(
      async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
      (order) => order.needsAttention !== null,
    );
    expect(flagged.needsAttention).toMatch(/delivery SLA .*a parcel may be lost/);
    await untilIndexed(h, orderId, NeedsAttentionKey, flagged.needsAttention);

    const parcel = shipped.shipments[0].trackingNumber;
    await carrierEvent(h, parcel, 'in_transit');
    await carrierEvent(h, parcel, 'delivered');
    await orderWithStatus(h, orderId, 'delivered');
  });

  test('when a carrier event arrives before the run knows the parcel, then it is kept and applied once the parcel is known', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 2 });
    const orderId = await placeOrder(h, {
      lines: [{ sku, quantity: 1 }],
      payment: { method: 'card', token: 'tok_riskLevelElevated' },
    });
    await orderWithStatus(h, orderId, 'in_review');
    const trackingNumber = sandboxTrackingNumber(`${orderId}:wh-reno`);
    await handleOf(orderId).signal(carrierEventSignal, { trackingNumber, status: 'in_transit' });
    expect((await handleOf(orderId).query(statusQuery)).pendingCarrierEvents).toEqual([
      { trackingNumber, status: 'in_transit' },
    ]);

    await api(h, 'POST', `/v1/orders/${orderId}/review`, { decision: 'approve' });
    const state = await eventually(
      () => handleOf(orderId).query(statusQuery),
      (s) => s.shipments[0]?.status === 'in_transit',
    );
    expect(state.shipments[0]!.trackingNumber).toBe(trackingNumber);
    expect(state.pendingCarrierEvents).toEqual([]);
    await eventually(
      () => reservationUnits(h.db, orderId),
      (units) => units.committed === 1,
    );
  });

  test('when one of two parcels leaves, then only its stock is committed', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 1, 'wh-reno': 1 });
    const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    expect(shipped.shipments).toHaveLength(2);
    await carrierEvent(h, shipped.shipments[0].trackingNumber, 'in_transit');
    const units = await eventually(
      () => reservationUnits(h.db, orderId),
      (u) => u.committed !== undefined,
    );
    expect(units).toEqual({ committed: 1, reserved: 1 });
  });
});

describe('returns', () => {
  test("when a return parcel's delivery arrives before the run knows its label, then it is kept and the return completes", async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 2 });
    const orderId = await placeOrder(h, { lines: [{ sku, quantity: 1 }] });
    await deliverParcels(h, await orderWithStatus(h, orderId, 'shipped'));

    // The carrier is quicker than the run: the return label's delivery comes before the label is known.
    const returnLabel = sandboxTrackingNumber(`${orderId}:wh-reno:return`);
    await handleOf(orderId).signal(carrierEventSignal, { trackingNumber: returnLabel, status: 'delivered' });
    expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'return' })).status).toBe(202);

    const cancelled = await orderWithStatus(h, orderId, 'cancelled', 20_000);
    expect(cancelled.shipments.find((s: { kind: string }) => s.kind === 'return')).toMatchObject({
      trackingNumber: returnLabel,
      status: 'delivered',
    });
    expect(cancelled.amounts.refundedMinor).toBe(cancelled.amounts.capturedMinor);
    expect(await reservationUnits(h.db, orderId)).toEqual({ returned: 1 });
  });
});
