import { createTestSku, paymentLedger, reservationUnits, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { carrierEvent, eventually, orderWithStatus, placeOrder } from '../support/http';
import { paymentOf } from './support';

// The sandbox holds authorizations for 4 s here instead of 7 days; the saga renews with a seventh left.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ authorizationTtlMs: 4_000 });
});
afterAll(() => h.stop());

describe('authorization expiry', () => {
  test('when an order cannot ship before its authorization expires, then it is re-authorized and captured from the renewal', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 2 });
    const orderId = await placeOrder(h, { lines: [{ sku, quantity: 1 }] });
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    const renewed = await eventually(
      () => paymentLedger(h.db, orderId),
      (ledger) => ledger.attempts.length >= 2 && ledger.attempts[0] === 'card:voided',
      20_000,
    );
    expect(renewed.attempts.slice(0, 2)).toEqual(['card:voided', 'card:authorized']);
    const view = await paymentOf(h, orderId);
    expect(view.attempts[1]).toMatchObject({ renews: 1, amountMinor: 2500 });
    // The old hold handed over to the renewal: nothing released to anyone.
    expect(view.amounts).toMatchObject({ authorizedMinor: 2500, voidedMinor: 0 });

    await carrierEvent(h, shipped.shipments[0].trackingNumber, 'in_transit');
    const captured = await eventually(
      () => paymentLedger(h.db, orderId),
      (ledger) => ledger.captures === 1,
    );
    expect(captured).toMatchObject({ capturedMinor: 2500, provider: { captured: 2500, charged: 0 } });
    const capture = await h.db('payment_captures').where({ order_id: orderId }).first();
    expect(capture.authorization_key).not.toBe(`${orderId}:auth:1`);
  });

  test('when the re-authorization is declined, then the order is cancelled and its stock released', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 2 });
    const orderId = await placeOrder(h, {
      lines: [{ sku, quantity: 1 }],
      payment: { method: 'card', token: 'tok_reauthDeclined' },
    });
    const cancelled = await orderWithStatus(h, orderId, 'cancelled', 20_000);
    expect(cancelled.timeline.map((e: { detail?: string }) => e.detail ?? '').join('\n')).toMatch(
      /could not be renewed/,
    );
    expect(await paymentLedger(h.db, orderId)).toMatchObject({
      attempts: ['card:voided', 'card:declined'],
      capturedMinor: 0,
      provider: { captured: 0, refunded: 0, charged: 0 },
    });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 2, reserved: 0 } });
    expect(await reservationUnits(h.db, orderId)).toEqual({ released: 1 });
  });
});
