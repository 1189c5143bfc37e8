import { randomUUID } from 'node:crypto';
import { loadLabelledOutcomes } from '../../src/db/repos/risk-outcomes.repo';
import { createTestCustomer } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, capturedOrder, orderWithStatus, placeOrder, rawApi } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

/** A shipped and captured order of a customer of its own, with its payment reference. */
async function shippedOrder() {
  const customerId = await createTestCustomer(h.db);
  const orderId = await placeOrder(h, { customerId });
  const order = await capturedOrder(h, orderId);
  return {
    customerId,
    orderId,
    reference: order.payment.reference as string,
    captured: order.amounts.capturedMinor,
  };
}

const chargebacksOf = async (customerId: string) =>
  (await h.db('customers').where({ id: customerId }).first('chargebacks')).chargebacks;

test("when the provider confirms a chargeback, then the customer's chargebacks, the labelled outcomes and the next assessment learn it, once", async () => {
  const { customerId, orderId, reference } = await shippedOrder();
  const event = {
    eventId: `cb-${randomUUID()}`,
    type: 'chargeback.confirmed',
    paymentReference: reference,
    amountMinor: 100,
    reason: 'fraudulent',
  };
  const text = JSON.stringify(event);
  const headers = h.credentials.signedByProvider(text);
  expect(await rawApi(h, 'POST', '/v1/webhooks/payments', text, headers)).toMatchObject({
    status: 202,
    body: { orderId, duplicate: false },
  });
  // A replay, and the same dispute reported again under a new event id, change nothing.
  expect((await rawApi(h, 'POST', '/v1/webhooks/payments', text, headers)).body.duplicate).toBe(true);
  expect((await api(h, 'POST', '/v1/webhooks/payments', { ...event, eventId: randomUUID() })).status).toBe(
    200,
  );
  expect(await chargebacksOf(customerId)).toBe(1);
  expect(await h.db('risk_outcomes').where({ order_id: orderId })).toEqual([
    expect.objectContaining({ label: 'fraud', source: 'provider-webhook' }),
  ]);
  const assessed = await h.db('risk_assessments').where({ order_id: orderId }).first();
  expect(assessed.features).toMatchObject({ priorChargebacks: 0, shippingCountry: 'US' });

  const next = await placeOrder(h, { customerId });
  await orderWithStatus(h, next, 'shipped');
  const nextAssessed = await h.db('risk_assessments').where({ order_id: next }).first();
  expect(nextAssessed.features.priorChargebacks).toBe(1);
});

test("when a chargeback names another party's payment, is signed by a carrier, or exceeds the capture, then it is refused and nothing is recorded", async () => {
  const { customerId, orderId, reference, captured } = await shippedOrder();
  const event = {
    eventId: randomUUID(),
    type: 'chargeback.confirmed',
    paymentReference: reference,
    amountMinor: 100,
  };
  const text = JSON.stringify(event);
  expect(
    (await rawApi(h, 'POST', '/v1/webhooks/payments', text, h.credentials.signedByCarrier(text))).status,
  ).toBe(403);
  expect(
    (await api(h, 'POST', '/v1/webhooks/payments', { ...event, paymentReference: 'pay_elsewhere' })).status,
  ).toBe(404);
  expect(
    await api(h, 'POST', '/v1/webhooks/payments', { ...event, amountMinor: captured + 1 }),
  ).toMatchObject({
    status: 409,
    body: { field: 'amountMinor' },
  });
  expect(
    (await api(h, 'POST', '/v1/webhooks/payments', { ...event, type: 'refund.created' })).body.field,
  ).toBe('type');
  expect(await chargebacksOf(customerId)).toBe(0);
  expect(await h.db('chargebacks').where({ order_id: orderId })).toEqual([]);
});

test('when support records a chargeback, then it is recorded once and audited', async () => {
  const { customerId, orderId } = await shippedOrder();
  const support = await h.credentials.as('support', 'sam');
  const body = { amountMinor: 250, reason: 'issuer letter' };
  expect((await rawApi(h, 'POST', `/v1/orders/${orderId}/chargebacks`, body, support)).status).toBe(201);
  expect(await rawApi(h, 'POST', `/v1/orders/${orderId}/chargebacks`, body, support)).toMatchObject({
    status: 200,
    body: { chargeback: 'repeated' },
  });
  expect(await chargebacksOf(customerId)).toBe(1);
  const audit = await rawApi(
    h,
    'GET',
    `/v1/audit?targetId=${orderId}&action=order.chargeback`,
    undefined,
    support,
  );
  expect(audit.body.entries).toEqual([
    expect.objectContaining({
      actor: { role: 'support', id: 'sam' },
      after: { amountMinor: 250, reason: 'issuer letter' },
    }),
  ]);
});

test('when training reads labelled outcomes, then chargebacks are fraud, completed orders past the chargeback window are legit, and recent ones wait', async () => {
  const fraud = await shippedOrder();
  expect((await api(h, 'POST', `/v1/orders/${fraud.orderId}/chargebacks`, { amountMinor: 100 })).status).toBe(
    201,
  );
  const old = await shippedOrder();
  const recent = await shippedOrder();
  await h.db('orders').whereIn('id', [old.orderId, recent.orderId]).update({ status: 'completed' });
  await h
    .db('risk_assessments')
    .where({ order_id: old.orderId })
    .update({ assessed_at: h.db.raw(`now() - interval '200 days'`) });

  const outcomes = new Map((await loadLabelledOutcomes(h.db)).map((o) => [o.orderId, o]));
  expect(outcomes.get(fraud.orderId)).toMatchObject({ isFraud: true, input: { shippingCountry: 'US' } });
  expect(outcomes.get(old.orderId)).toMatchObject({ isFraud: false });
  expect(outcomes.has(recent.orderId)).toBe(false);
});
