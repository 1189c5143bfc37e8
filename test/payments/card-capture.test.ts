import { createTestSku, paymentLedger, reservationUnits, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, carrierEvent, eventually, orderWithStatus, placeOrder } from '../support/http';
import { expectAuditorGreen, paymentOf as paymentOfOrder } from './support';

let h: Harness;
const placed: string[] = [];
const skus: string[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const paymentOf = (orderId: string) => paymentOfOrder(h, orderId);

describe('authorize, then capture per parcel', () => {
  test('when a card order ships in two parcels, then each parcel is captured for its share as it leaves', async () => {
    const cheap = await track(skus, createTestSku(h.db, { 'wh-newark': 1 }, 1000));
    const dear = await track(skus, createTestSku(h.db, { 'wh-reno': 1 }, 3001));
    const orderId = await track(
      placed,
      placeOrder(h, {
        lines: [
          { sku: cheap, quantity: 1 },
          { sku: dear, quantity: 1 },
        ],
      }),
    );
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    expect(shipped.shipments).toHaveLength(2);
    // Authorized, nothing taken yet.
    expect(await paymentLedger(h.db, orderId)).toMatchObject({
      attempts: ['card:authorized'],
      captures: 0,
      capturedMinor: 0,
      provider: { captured: 0, charged: 0 },
    });
    const authorized = await paymentOf(orderId);
    expect(authorized).toMatchObject({
      state: 'authorized',
      amounts: { dueMinor: 4001, authorizedMinor: 4001, capturedMinor: 0, voidedMinor: 0, refundedMinor: 0 },
    });
    expect(authorized.attempts[0].reference).toMatch(/^auth_/);

    const newark = shipped.shipments.find((s: { warehouseId: string }) => s.warehouseId === 'wh-newark');
    expect((await carrierEvent(h, newark.trackingNumber, 'in_transit')).status).toBe(202);
    // The Newark parcel carries 1000 of the 4001 of line value: its share is captured, the rest still held.
    await eventually(
      () => paymentLedger(h.db, orderId),
      (ledger) => ledger.captures === 1,
    );
    expect(await paymentLedger(h.db, orderId)).toMatchObject({
      capturedMinor: 1000,
      provider: { captured: 1000 },
    });
    expect((await paymentOf(orderId)).state).toBe('partially_captured');

    const reno = shipped.shipments.find((s: { warehouseId: string }) => s.warehouseId === 'wh-reno');
    await carrierEvent(h, reno.trackingNumber, 'in_transit');
    for (const parcel of [newark, reno]) await carrierEvent(h, parcel.trackingNumber, 'delivered');
    await orderWithStatus(h, orderId, 'delivered');
    expect(await paymentLedger(h.db, orderId)).toMatchObject({
      captures: 2,
      capturedMinor: 4001,
      voidedMinor: 0,
      provider: { captured: 4001, refunded: 0, charged: 0 },
    });
    const view = await paymentOf(orderId);
    expect(view.state).toBe('captured');
    expect(view.captures.map((c: { amountMinor: number }) => c.amountMinor).sort()).toEqual([1000, 3001]);

    // A refund spans the captures it needs, never above what was captured.
    const refund = await api(h, 'POST', `/v1/orders/${orderId}/refunds`, {
      amountMinor: 3500,
      refundId: 'r1',
    });
    expect(refund.status).toBe(202);
    await eventually(
      () => paymentLedger(h.db, orderId),
      (ledger) => ledger.refundedMinor === 3500,
    );
    expect((await paymentLedger(h.db, orderId)).provider.refunded).toBe(3500);
    expect((await api(h, 'POST', `/v1/orders/${orderId}/refunds`, { amountMinor: 502 })).status).toBe(409);

    await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
    const completed = await orderWithStatus(h, orderId, 'completed');
    expect(completed.amounts).toMatchObject({ totalMinor: 4001, capturedMinor: 4001, refundedMinor: 3500 });
    expect(await stockOf(h.db, cheap)).toEqual({ 'wh-newark': { onHand: 0, reserved: 0 } });
    expect(await stockOf(h.db, dear)).toEqual({ 'wh-reno': { onHand: 0, reserved: 0 } });
  });

  test('when the order is cancelled before any parcel leaves, then the authorization is voided and nothing is refunded', async () => {
    const sku = await track(skus, createTestSku(h.db, { 'wh-newark': 3 }));
    const orderId = await track(placed, placeOrder(h, { lines: [{ sku, quantity: 2 }] }));
    await orderWithStatus(h, orderId, 'shipped');
    expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' })).status).toBe(
      202,
    );
    const cancelled = await orderWithStatus(h, orderId, 'cancelled');
    expect(cancelled.amounts).toMatchObject({ capturedMinor: 0, refundedMinor: 0 });
    expect(await paymentLedger(h.db, orderId)).toEqual({
      attempts: ['card:voided'],
      captures: 0,
      capturedMinor: 0,
      voidedMinor: 5000,
      refundedMinor: 0,
      provider: { captured: 0, refunded: 0, charged: 0 },
    });
    expect((await paymentOf(orderId)).amounts).toMatchObject({ voidedMinor: 5000, capturedMinor: 0 });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 3, reserved: 0 } });
    expect(await reservationUnits(h.db, orderId)).toEqual({ released: 2 });
  });

  test('when these payment paths have run, then stock, money, states and histories pass the audit', async () => {
    await expectAuditorGreen(h, placed, skus);
  });
});

/** Notes what a test made, for the audit at the end. */
async function track(list: string[], made: Promise<string>): Promise<string> {
  const value = await made;
  list.push(value);
  return value;
}
