import {
  createTestCustomer,
  createTestSku,
  paymentLedger,
  reservationUnits,
  stockOf,
} from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, orderWithStatus, placeOrder } from '../support/http';
import { settleSandboxPayment } from '../../src/payments/sandbox-payment-events';
import {
  awaitingAction,
  expectAuditorGreen,
  latestReference,
  notify,
  paymentOf,
  settleAtProvider,
} from './support';

let h: Harness;
const placed: string[] = [];
const skus: string[] = [];
beforeAll(async () => {
  h = await startHarness({
    timeouts: {
      paymentDeadlineMs: { card: 8_000, wallet: 8_000, bank_transfer: 3_000 },
      paymentRetryWindowMs: 8_000,
    },
  });
});
afterAll(() => h.stop());

describe('asynchronous payment methods', () => {
  test('when a wallet payment completes by webhook, then the order is paid once, whatever repeats or arrives late', async () => {
    const sku = await track(skus, createTestSku(h.db, { 'wh-newark': 3 }));
    const orderId = await track(
      placed,
      placeOrder(h, { lines: [{ sku, quantity: 2 }], payment: { method: 'wallet' } }),
    );
    const waiting = await awaitingAction(h, orderId, 'redirect');
    // The wallet's 1.5% surcharge is part of the amount due, and so of what is authorized.
    expect(waiting.amounts.dueMinor).toBe(5075);
    expect(waiting.requiredAction.url).toMatch(/^https:\/\/sandbox-pay\.example\/wallet\/auth_/);
    expect(await reservationUnits(h.db, orderId)).toEqual({ reserved: 2 });
    // The customer sees the action on the order too.
    const staffView = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
    const customer = await h.credentials.as('customer', staffView.customerId);
    const own = (await api(h, 'GET', `/v1/orders/${orderId}`, undefined, customer)).body;
    expect(own).toMatchObject({ status: 'awaiting_payment', requiredAction: waiting.requiredAction });

    const reference = latestReference(waiting);
    const event = await settleAtProvider(h, reference, 'authorized');
    expect((await notify(h, event)).status).toBe(202);
    // The same event again, and a stale "failed" for the same payment after it: neither changes anything.
    expect(await notify(h, event)).toMatchObject({ status: 200, body: { duplicate: true } });
    const stale = { ...event, eventId: `${event.eventId}-late`, type: 'payment.failed', reason: 'late' };
    expect((await notify(h, stale)).status).toBe(202);
    expect(
      (await notify(h, { ...event, eventId: `${event.eventId}-pending`, type: 'payment.pending' })).status,
    ).toBe(202);

    await orderWithStatus(h, orderId, 'shipped');
    expect(await paymentLedger(h.db, orderId)).toMatchObject({
      attempts: ['wallet:authorized'],
      captures: 0,
      provider: { captured: 0, charged: 0 },
    });
    const paid = await paymentOf(h, orderId);
    expect(paid).toMatchObject({
      state: 'authorized',
      requiredAction: null,
      amounts: { authorizedMinor: 5075 },
    });
    expect(await reservationUnits(h.db, orderId)).toEqual({ reserved: 2 });
  });

  test("when a provider reports on another provider's payment or an unknown one, then it is refused", async () => {
    const order = await h.db('orders').first('id', 'currency');
    await h.db('payment_authorizations').insert({
      idempotency_key: `${order.id}:auth:99`,
      order_id: order.id,
      attempt: 99,
      method: 'wallet',
      provider: 'other-psp',
      provider_ref: 'auth_other_psp',
      status: 'action_required',
      amount_minor: 100,
      currency: order.currency,
    });
    const foreign = { type: 'payment.authorized', paymentReference: 'auth_other_psp' };
    expect((await notify(h, foreign)).status).toBe(404);
    expect((await notify(h, { ...foreign, merchantReference: `${order.id}:auth:99` })).status).toBe(404);
    expect((await notify(h, { type: 'payment.authorized', paymentReference: 'auth_nope' })).status).toBe(404);
    const bad = await notify(h, { type: 'payment.authorized', paymentReference: 'auth_x', amountMinor: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('amountMinor');
    await h
      .db('payment_authorizations')
      .where({ idempotency_key: `${order.id}:auth:99` })
      .delete();
  });

  test('when a bank transfer never arrives, then the provider is asked, and the order is cancelled and released', async () => {
    const sku = await track(skus, createTestSku(h.db, { 'wh-newark': 3 }));
    const orderId = await track(
      placed,
      placeOrder(h, {
        lines: [{ sku, quantity: 1 }],
        payment: { method: 'bank_transfer' },
      }),
    );
    const waiting = await awaitingAction(h, orderId, 'bank_transfer');
    // Instructions: the reference to quote, the account, and the amount due with the 2% discount.
    expect(waiting.requiredAction).toMatchObject({
      reference: expect.stringMatching(/^BT-/),
      amountMinor: 2450,
    });
    const cancelled = await orderWithStatus(h, orderId, 'cancelled');
    expect(
      cancelled.timeline.map((e: { step: string; outcome: string }) => `${e.step} ${e.outcome}`),
    ).toEqual(expect.arrayContaining(['payment waiting', 'checkout failed']));
    expect(cancelled.failure).toMatchObject({ type: 'PaymentNotCompleted' });
    expect(await paymentLedger(h.db, orderId)).toMatchObject({
      attempts: ['bank_transfer:voided'],
      capturedMinor: 0,
      voidedMinor: 0,
      provider: { captured: 0, refunded: 0, charged: 0 },
    });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 3, reserved: 0 } });
    // The payment was cancelled at the provider: a transfer arriving now cannot complete it.
    expect(await settleSandboxPayment(h.db, latestReference(waiting), 'authorized')).toBeNull();
  });

  test('when a bank transfer arrives but its notification does not, then the reconciliation query finds it', async () => {
    const sku = await track(skus, createTestSku(h.db, { 'wh-newark': 3 }));
    const orderId = await track(
      placed,
      placeOrder(h, {
        lines: [{ sku, quantity: 1 }],
        payment: { method: 'bank_transfer' },
      }),
    );
    const waiting = await awaitingAction(h, orderId, 'bank_transfer');
    await settleAtProvider(h, latestReference(waiting), 'authorized'); // and the webhook is lost
    await orderWithStatus(h, orderId, 'shipped');
    expect(await paymentLedger(h.db, orderId)).toMatchObject({ attempts: ['bank_transfer:authorized'] });
    const timeline = (await api(h, 'GET', `/v1/orders/${orderId}`)).body.timeline;
    expect(timeline.map((e: { step: string }) => e.step)).toContain('payment');
  });

  test('when 3-D Secure is required, then the order shows the action and is paid once the customer completes it', async () => {
    const sku = await track(skus, createTestSku(h.db, { 'wh-newark': 3 }));
    const orderId = await track(
      placed,
      placeOrder(h, {
        lines: [{ sku, quantity: 1 }],
        payment: { method: 'card', token: 'tok_threeDSecure' },
      }),
    );
    const waiting = await awaitingAction(h, orderId, 'three_d_secure');
    expect(waiting.requiredAction.url).toMatch(/\/3ds\/auth_/);
    await notify(h, await settleAtProvider(h, latestReference(waiting), 'authorized'));
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    expect(shipped.payment).toMatchObject({ status: 'authorized', amountMinor: 2500 });
    expect(await paymentLedger(h.db, orderId)).toMatchObject({
      attempts: ['card:authorized'],
      capturedMinor: 0,
    });
  });

  test('when a card is declined, then the customer retries with a wallet on the same order and reservation', async () => {
    const sku = await track(skus, createTestSku(h.db, { 'wh-newark': 3 }));
    const customerId = await createTestCustomer(h.db);
    const customer = await h.credentials.as('customer', customerId);
    const orderId = await track(
      placed,
      placeOrder(h, {
        customerId,
        lines: [{ sku, quantity: 2 }],
        payment: { method: 'card', token: 'tok_chargeDeclined' },
      }),
    );
    const declined = await awaitingAction(h, orderId, 'retry');
    expect(declined).toMatchObject({ state: 'declined', requiredAction: { reason: 'card declined' } });
    // Bad input names the field and writes nothing; staff may not pay for the customer.
    const bad = await api(
      h,
      'POST',
      `/v1/orders/${orderId}/payment-attempts`,
      { payment: { method: 'card' } },
      customer,
    );
    expect(bad).toMatchObject({ status: 400, body: { field: 'payment.token' } });
    expect(
      (await api(h, 'POST', `/v1/orders/${orderId}/payment-attempts`, { payment: { method: 'wallet' } }))
        .status,
    ).toBe(403);

    const retry = await api(
      h,
      'POST',
      `/v1/orders/${orderId}/payment-attempts`,
      { payment: { method: 'wallet' } },
      {
        ...customer,
        'Idempotency-Key': 'retry-1',
      },
    );
    expect(retry.status).toBe(202);
    const waiting = await awaitingAction(h, orderId, 'redirect');
    // A second retry while this one runs is refused with the reason.
    const again = await api(
      h,
      'POST',
      `/v1/orders/${orderId}/payment-attempts`,
      { payment: { method: 'bank_transfer' } },
      customer,
    );
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/no declined payment to retry/);

    await notify(h, await settleAtProvider(h, latestReference(waiting), 'authorized'));
    await orderWithStatus(h, orderId, 'shipped');
    expect(await paymentLedger(h.db, orderId)).toMatchObject({
      attempts: ['card:declined', 'wallet:authorized'],
    });
    // The amount due stays the one fixed at checkout; the reservation is the first one, never renewed.
    expect((await paymentOf(h, orderId)).attempts.map((a: { amountMinor: number }) => a.amountMinor)).toEqual(
      [5000, 5000],
    );
    expect(await reservationUnits(h.db, orderId)).toEqual({ reserved: 2 });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 3, reserved: 2 } });
  });

  test('when nobody retries after a decline within the window, then the order is cancelled and its stock released', async () => {
    const sku = await track(skus, createTestSku(h.db, { 'wh-newark': 3 }));
    const orderId = await track(
      placed,
      placeOrder(h, {
        lines: [{ sku, quantity: 1 }],
        payment: { method: 'card', token: 'tok_chargeDeclined' },
      }),
    );
    await awaitingAction(h, orderId, 'retry');
    const cancelled = await orderWithStatus(h, orderId, 'cancelled', 30_000);
    expect(cancelled.failure).toMatchObject({ type: 'PaymentNotCompleted' });
    expect(await paymentLedger(h.db, orderId)).toMatchObject({
      attempts: ['card:declined'],
      capturedMinor: 0,
    });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 3, reserved: 0 } });
    const late = await api(
      h,
      'POST',
      `/v1/orders/${orderId}/payment-attempts`,
      { payment: { method: 'wallet' } },
      await h.credentials.as('customer', cancelled.customerId),
    );
    expect(late.status).toBe(409);
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
