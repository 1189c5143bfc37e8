import { randomUUID } from 'node:crypto';
import { insertOrder } from '../../src/db/repos/orders.repo';
import type { CheckoutInput, OrderPricing } from '../../src/domain/checkout';
import { activitiesOf } from '../support/activities';
import { createTestCustomer, createTestSku } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, capturedOrder, orderBody, orderWithStatus } from '../support/http';
import { paymentOf } from '../payments/support';
import { asCustomer, asStaff, createCustomerIn } from './commerce-fixtures';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ timeouts: { autoConfirmAfterMs: 60_000, returnWindowMs: 60_000 } });
});
afterAll(() => h.stop());

const OSAKA_ADDRESS = {
  name: 'Yuki Tanaka',
  line1: '1-1 Umeda',
  city: 'Osaka',
  postalCode: '530-0001',
  country: 'JP',
};

describe('orders in other currencies', () => {
  test('when an order is placed in JPY for a product priced in USD only, then its price converts half to even at the yen exponent, the rate is stored and it ships from Tokyo', async () => {
    const customerId = await createCustomerIn(h.db, 'JP', { lat: 34.69, lon: 135.5 });
    // 27.00 USD × 151.5 = 4,090.5 JPY: half to even gives 4,090 (half up would give 4,091).
    const sku = await createTestSku(h.db, { 'wh-tokyo': 3, 'wh-reno': 3 }, 2700);
    const placed = await api(
      h,
      'POST',
      '/v1/orders',
      orderBody({
        customerId,
        currency: 'JPY',
        lines: [{ sku, quantity: 2 }],
        shippingAddress: OSAKA_ADDRESS,
      }),
    );
    expect(placed.status).toBe(202);
    const order = await orderWithStatus(h, placed.body.orderId, 'shipped');
    expect(order.lines[0]).toEqual(expect.objectContaining({ unitPriceMinor: 4090 }));
    expect(order.lines[0].allocations).toEqual([
      { warehouseId: 'wh-tokyo', quantity: 2, status: 'reserved' },
    ]);
    // Authorize, then capture: at `shipped` the yen amount is held, nothing captured yet.
    expect(order.amounts).toEqual(
      expect.objectContaining({ currency: 'JPY', totalMinor: 8180, capturedMinor: 0 }),
    );
    expect((await paymentOf(h, placed.body.orderId)).amounts).toEqual(
      expect.objectContaining({ currency: 'JPY', dueMinor: 8180, authorizedMinor: 8180, capturedMinor: 0 }),
    );
    expect(order.pricing).toEqual(
      expect.objectContaining({
        subtotalMinor: 8180,
        shippingMinor: 0,
        amountDueMinor: 8180,
        rates: [
          expect.objectContaining({
            from: 'USD',
            to: 'JPY',
            rate: '151.5',
            asOf: '2026-11-01T00:00:00.000Z',
          }),
        ],
        base: expect.objectContaining({ from: 'JPY', to: 'USD', rate: '0.00660066' }),
      }),
    );
    // Workflow summaries format with the currency's exponent: no decimals for yen.
    const charge = order.timeline.find((e: { detail?: string }) => /8180 JPY/.test(e.detail ?? ''));
    expect(charge).toBeDefined();

    // Handed to the carrier, the Tokyo parcel's share (all of it) is captured in yen.
    const captured = await capturedOrder(h, placed.body.orderId);
    expect(captured.amounts).toEqual(
      expect.objectContaining({ currency: 'JPY', totalMinor: 8180, capturedMinor: 8180 }),
    );
  });

  test('when a cart is in KWD, then prices and shipping convert to fils (three decimals) and display with them', async () => {
    const customerId = await createTestCustomer(h.db);
    // 27.00 USD × 0.3075 = 8.3025 KWD: half to even at three decimals gives 8.302.
    const sku = await createTestSku(h.db, { 'wh-newark': 3 }, 2700);
    const created = await asCustomer(h, customerId, 'POST', '/v1/carts', { currency: 'KWD' });
    expect(created.status).toBe(201);
    const cart = await asCustomer(h, customerId, 'POST', `/v1/carts/${created.body.cartId}/lines`, {
      sku,
      quantity: 1,
    });
    expect(cart.body.lines[0]).toEqual(
      expect.objectContaining({ unitPriceMinor: 8302, priceSource: 'converted' }),
    );
    // KWD has no shipping rates of its own: USD's 5.99 at 0.3075 is 1.841925, so 1.842 KWD.
    expect(cart.body.totals).toEqual(expect.objectContaining({ shippingMinor: 1842, amountDueMinor: 10144 }));
    expect(cart.body.totals.display).toEqual(
      expect.objectContaining({ subtotal: '8.302 KWD', shipping: '1.842 KWD', amountDue: '10.144 KWD' }),
    );
  });

  test('when an order names an unknown currency or one without a rate into the base currency, then it answers 400 naming currency and writes nothing', async () => {
    const customerId = await createTestCustomer(h.db);
    for (const currency of ['XYZ', 'CHF']) {
      const response = await api(h, 'POST', '/v1/orders', orderBody({ customerId, currency }));
      expect(response.status).toBe(400);
      expect(response.body.field).toBe('currency');
    }
    expect(await h.db('orders').where({ customer_id: customerId })).toEqual([]);
  });
});

describe('rates', () => {
  test('when an admin sets a rate, then it is listed, audited with the value it replaced, and bad rates are refused without a write', async () => {
    const first = await asStaff(h, 'admin', 'PUT', '/v1/rates/GBP/CHF', {
      rate: '1.12',
      asOf: '2026-11-20T00:00:00Z',
    });
    expect(first.status).toBe(201);
    const second = await asStaff(h, 'admin', 'PUT', '/v1/rates/GBP/CHF', { rate: '1.1250' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(expect.objectContaining({ from: 'GBP', to: 'CHF', rate: '1.125' }));
    const listed = await api(h, 'GET', '/v1/rates');
    expect(listed.body.rates).toContainEqual(
      expect.objectContaining({ from: 'GBP', to: 'CHF', rate: '1.125' }),
    );
    const audit = await asStaff(h, 'support', 'GET', '/v1/audit?action=rate.set&targetId=GBP-CHF');
    expect(audit.body.entries[0]).toEqual(
      expect.objectContaining({
        before: expect.objectContaining({ rate: '1.12' }),
        after: expect.objectContaining({ rate: '1.125' }),
      }),
    );

    for (const [path, body, field] of [
      ['/v1/rates/GBP/GBP', { rate: '1' }, 'to'],
      ['/v1/rates/GBP/XYZ', { rate: '1' }, 'to'],
      ['/v1/rates/GBP/CHF', { rate: '0' }, 'rate'],
      ['/v1/rates/GBP/CHF', { rate: '-1.2' }, 'rate'],
      ['/v1/rates/GBP/CHF', { rate: 1.2 }, 'rate'],
    ] as const) {
      const response = await asStaff(h, 'admin', 'PUT', path, body);
      expect({ path, status: response.status, field: response.body.field }).toEqual({
        path,
        status: 400,
        field,
      });
    }
    const row = await h.db('exchange_rates').where({ from_currency: 'GBP', to_currency: 'CHF' }).first();
    expect(Number(row.rate)).toBe(1.125);
  });
});

describe('risk in the base currency', () => {
  const pricingWith = (currency: string, amountMinor: number, rate: string): OrderPricing => ({
    currency,
    subtotalMinor: amountMinor,
    shippingMinor: 0,
    methodFeeMinor: 0,
    amountDueMinor: amountMinor,
    paymentMethod: 'card',
    rates: [],
    base: { from: currency, to: 'USD', rate, asOf: '2026-11-01T00:00:00.000Z' },
  });
  const orderRow = (customerId: string, currency: string, totalMinor: number, pricing?: OrderPricing) => {
    const input: CheckoutInput = {
      orderId: randomUUID(),
      customerId,
      currency,
      lines: [{ sku: 'MUG-LOGO', quantity: 1, unitPriceMinor: totalMinor }],
      totalMinor,
      shippingAddress: { line1: '1 Main St', city: 'New York', postalCode: '10001', country: 'US' },
      payment: { method: 'card', token: 'tok_visa' },
      allocationStrategy: 'optimal',
      timeouts: { reviewTimeoutMs: 1, autoConfirmAfterMs: 1, returnWindowMs: 1 },
      ...(pricing ? { pricing } : {}),
    };
    return insertOrder(h.db, input).then(() => input);
  };

  test("when a customer's recent orders are in several currencies, then the amount and the velocity sum are in the base currency, each at its order's stored rate", async () => {
    const customerId = await createTestCustomer(h.db);
    // Stored rates that differ from today's table (EUR→USD 1.08696), so the test tells them apart.
    await orderRow(customerId, 'EUR', 10_000, pricingWith('EUR', 10_000, '1.1'));
    // An order from before stored rates: today's JPY→USD rate converts it: 20,000 × 0.00660066 = 132.0132
    // USD, 13,201 cents.
    await orderRow(customerId, 'JPY', 20_000);
    await orderRow(customerId, 'USD', 500);
    const current = await orderRow(customerId, 'EUR', 5_000, pricingWith('EUR', 5_000, '1.1'));

    const assessment = await activitiesOf(h).assessRisk({
      orderId: current.orderId,
      customerId,
      amountMinor: 5_000,
      currency: 'EUR',
      shippingAddress: current.shippingAddress,
      lines: [{ sku: 'MUG-LOGO', quantity: 1 }],
      card: { token: 'tok_visa' },
    });
    expect(assessment.decision).toBeDefined();
    const { features } = await h.db('risk_assessments').where({ order_id: current.orderId }).first();
    expect(features).toEqual(
      expect.objectContaining({
        currency: 'USD',
        amountMinor: 5_500,
        ordersLastHour: 3,
        amountLastHourMinor: 11_000 + 13_201 + 500,
      }),
    );
  });
});
