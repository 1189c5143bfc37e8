import { createTestCustomer, createTestSku, NEW_YORK_ADDRESS } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { capturedOrder, orderWithStatus } from '../support/http';
import { paymentOf } from '../payments/support';
import { asCustomer, asStaff, BERLIN, BERLIN_ADDRESS, createCustomerIn } from './commerce-fixtures';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ timeouts: { autoConfirmAfterMs: 60_000, returnWindowMs: 60_000 } });
});
afterAll(() => h.stop());

const card = { method: 'card', token: 'tok_visa' };

async function newCart(customerId: string, currency = 'USD') {
  const response = await asCustomer(h, customerId, 'POST', '/v1/carts', { currency });
  expect(response.status).toBe(201);
  return response.body.cartId as string;
}

const cartRows = async (customerId: string) => h.db('carts').where({ customer_id: customerId });
const lineRows = async (cartId: string) => h.db('cart_lines').where({ cart_id: cartId });

describe('cart lines and totals', () => {
  test('when lines are added, changed and removed, then the cart shows line totals, availability, shipping, the method fee and the amount due', async () => {
    const customerId = await createTestCustomer(h.db);
    const sku = await createTestSku(h.db, { 'wh-newark': 3, 'wh-dallas': 4 }, 2000);
    const cartId = await newCart(customerId);

    const added = await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/lines`, { sku, quantity: 2 });
    expect(added.status).toBe(201);
    expect(added.body.lines).toEqual([
      expect.objectContaining({
        sku,
        quantity: 2,
        unitPriceMinor: 2000,
        lineTotalMinor: 4000,
        priceSource: 'list',
        availableUnits: 7,
        inStock: true,
      }),
    ]);
    // Domestic USD shipping (5.99) below the 75.00 threshold; a card pays no fee.
    expect(added.body.totals).toEqual(
      expect.objectContaining({
        subtotalMinor: 4000,
        shippingMinor: 599,
        methodFeeMinor: 0,
        amountDueMinor: 4599,
        paymentMethod: 'card',
        shipTo: 'US',
      }),
    );
    expect(added.body.totals.display.amountDue).toBe('45.99 USD');

    // The same SKU again adds to its line; a wallet pays a 1.5% surcharge; the subtotal now ships free.
    const more = await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/lines?paymentMethod=wallet`, {
      sku,
      quantity: 2,
    });
    expect(more.body.lines[0]).toEqual(expect.objectContaining({ quantity: 4, lineTotalMinor: 8000 }));
    expect(more.body.totals).toEqual(
      expect.objectContaining({
        subtotalMinor: 8000,
        shippingMinor: 0,
        methodFeeMinor: 120,
        amountDueMinor: 8120,
      }),
    );

    // More than the warehouses hold is allowed in a cart (it reserves nothing) but shows as short.
    const changed = await asCustomer(h, customerId, 'PATCH', `/v1/carts/${cartId}/lines/${sku}`, {
      quantity: 9,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.lines[0]).toEqual(
      expect.objectContaining({ quantity: 9, availableUnits: 7, inStock: false }),
    );

    // Abroad, with a bank transfer's 2% discount.
    const abroad = await asCustomer(
      h,
      customerId,
      'GET',
      `/v1/carts/${cartId}?paymentMethod=bank_transfer&shipTo=DE`,
    );
    expect(abroad.body.totals).toEqual(
      expect.objectContaining({
        subtotalMinor: 18000,
        shippingMinor: 0,
        methodFeeMinor: -360,
        amountDueMinor: 17640,
      }),
    );

    const removed = await asCustomer(h, customerId, 'DELETE', `/v1/carts/${cartId}/lines/${sku}`);
    expect(removed.status).toBe(200);
    expect(removed.body.lines).toEqual([]);
    expect(removed.body.totals.amountDueMinor).toBe(0);
    // A cart never reserves stock.
    expect(await h.db('inventory').where({ sku }).sum({ reserved: 'reserved' })).toEqual([{ reserved: 0 }]);
  });

  test('when a line is added to a EUR cart, then a list price is used where there is one and the base price is converted at the rate where not', async () => {
    const customerId = await createCustomerIn(h.db, 'DE', BERLIN);
    // 27.00 USD at 0.92 is 24.84 EUR exactly; the laptop (no EUR price) converts 1,299.00 USD to 1,195.08 EUR.
    const sku = await createTestSku(h.db, { 'wh-frankfurt': 5 }, 2700);
    const cartId = await newCart(customerId, 'EUR');
    await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/lines`, {
      sku: 'TSHIRT-BLK-M',
      quantity: 1,
    });
    await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/lines`, { sku: 'LAPTOP-13', quantity: 1 });
    const cart = await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/lines`, { sku, quantity: 1 });
    const bySku = Object.fromEntries(cart.body.lines.map((l: { sku: string }) => [l.sku, l]));
    expect(bySku['TSHIRT-BLK-M']).toEqual(
      expect.objectContaining({ unitPriceMinor: 1899, priceSource: 'list', rate: null }),
    );
    expect(bySku['LAPTOP-13']).toEqual(
      expect.objectContaining({
        unitPriceMinor: 119508,
        priceSource: 'converted',
        rate: expect.objectContaining({ from: 'USD', to: 'EUR', rate: '0.92' }),
      }),
    );
    expect(bySku[sku].unitPriceMinor).toBe(2484);
    expect(cart.body.totals).toEqual(
      expect.objectContaining({ currency: 'EUR', shipTo: 'DE', shippingMinor: 0 }),
    );
  });
});

describe('bad input and access', () => {
  test('when a cart or line request is invalid, then it answers 4xx naming the field and writes nothing', async () => {
    const customerId = await createTestCustomer(h.db);
    for (const [currency, field] of [
      ['XYZ', 'currency'],
      ['CHF', 'currency'],
      ['usd', 'currency'],
    ]) {
      const response = await asCustomer(h, customerId, 'POST', '/v1/carts', { currency });
      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
    }
    expect(await cartRows(customerId)).toEqual([]);

    const cartId = await newCart(customerId);
    const cases: [string, string, unknown, number, string | undefined][] = [
      ['POST', `/v1/carts/${cartId}/lines`, { sku: 'NO-SUCH-SKU', quantity: 1 }, 400, 'sku'],
      ['POST', `/v1/carts/${cartId}/lines`, { sku: 'MUG-LOGO', quantity: 0 }, 400, 'quantity'],
      ['POST', `/v1/carts/${cartId}/lines`, { sku: 'MUG-LOGO', quantity: 1, price: 1 }, 400, 'price'],
      ['PATCH', `/v1/carts/${cartId}/lines/MUG-LOGO`, { quantity: 2 }, 404, undefined],
      ['PATCH', `/v1/carts/${cartId}/lines/MUG-LOGO`, { quantity: -1 }, 400, 'quantity'],
      ['DELETE', `/v1/carts/${cartId}/lines/MUG-LOGO`, undefined, 404, undefined],
      ['GET', `/v1/carts/${cartId}?paymentMethod=cash`, undefined, 400, 'paymentMethod'],
      [
        'POST',
        `/v1/carts/${cartId}/checkout`,
        { shippingAddress: NEW_YORK_ADDRESS, payment: card },
        409,
        'lines',
      ],
      ['POST', `/v1/carts/${cartId}/checkout`, { shippingAddress: NEW_YORK_ADDRESS }, 400, 'payment'],
      [
        'POST',
        `/v1/carts/${cartId}/checkout`,
        { shippingAddress: { ...BERLIN_ADDRESS, postalCode: '1011' }, payment: card },
        400,
        'shippingAddress.postalCode',
      ],
    ];
    for (const [method, path, body, status, field] of cases) {
      const response = await asCustomer(h, customerId, method, path, body);
      expect({ path, status: response.status, field: response.body.field }).toEqual({ path, status, field });
    }
    expect(await lineRows(cartId)).toEqual([]);
    expect(await h.db('orders').where({ customer_id: customerId })).toEqual([]);
  });

  test("when a customer reaches for another customer's cart, then it answers 404, while support may read it", async () => {
    const owner = await createTestCustomer(h.db);
    const other = await createTestCustomer(h.db);
    const cartId = await newCart(owner);
    await asCustomer(h, owner, 'POST', `/v1/carts/${cartId}/lines`, { sku: 'MUG-LOGO', quantity: 1 });
    for (const [method, path, body] of [
      ['GET', `/v1/carts/${cartId}`, undefined],
      ['POST', `/v1/carts/${cartId}/lines`, { sku: 'MUG-LOGO', quantity: 1 }],
      ['PATCH', `/v1/carts/${cartId}/lines/MUG-LOGO`, { quantity: 5 }],
      ['DELETE', `/v1/carts/${cartId}/lines/MUG-LOGO`, undefined],
      ['POST', `/v1/carts/${cartId}/checkout`, { shippingAddress: NEW_YORK_ADDRESS, payment: card }],
    ] as const) {
      expect((await asCustomer(h, other, method, path, body)).status).toBe(404);
    }
    expect((await lineRows(cartId))[0]).toEqual(expect.objectContaining({ quantity: 1 }));
    const read = await asStaff(h, 'support', 'GET', `/v1/carts/${cartId}`);
    expect(read.status).toBe(200);
    expect(read.body.customerId).toBe(owner);
  });
});

describe('expiry', () => {
  test('when a cart has had no change for CART_IDLE_TIMEOUT, then it answers 410 with the reason and cannot be changed or checked out', async () => {
    const customerId = await createTestCustomer(h.db);
    const cartId = await newCart(customerId);
    await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/lines`, { sku: 'MUG-LOGO', quantity: 1 });
    // Eight days of inactivity (the default timeout is seven).
    await h
      .db('carts')
      .where({ id: cartId })
      .update({ last_activity_at: new Date(Date.now() - 8 * 86_400_000) });
    for (const [method, path, body] of [
      ['GET', `/v1/carts/${cartId}`, undefined],
      ['POST', `/v1/carts/${cartId}/lines`, { sku: 'MUG-LOGO', quantity: 1 }],
      ['POST', `/v1/carts/${cartId}/checkout`, { shippingAddress: NEW_YORK_ADDRESS, payment: card }],
    ] as const) {
      const response = await asCustomer(h, customerId, method, path, body);
      expect(response.status).toBe(410);
      expect(response.body.error).toBe('cart_expired');
      expect(response.body.detail).toMatch(/expired at .* without changes/);
    }
    expect((await lineRows(cartId))[0]).toEqual(expect.objectContaining({ quantity: 1 }));
    expect(await h.db('orders').where({ customer_id: customerId })).toEqual([]);
  });
});

describe('checkout', () => {
  test('when a line price changed since it was added, then checkout answers 409 naming the line and places no order', async () => {
    const customerId = await createTestCustomer(h.db);
    const sku = await createTestSku(h.db, { 'wh-newark': 5 }, 1500);
    const cartId = await newCart(customerId);
    await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/lines`, { sku: 'MUG-LOGO', quantity: 1 });
    await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/lines`, { sku, quantity: 1 });
    const repriced = await asStaff(h, 'admin', 'PUT', `/v1/products/${sku}/prices/USD`, { priceMinor: 1700 });
    // The test product had only its base price: its USD price-list row is new.
    expect(repriced.status).toBe(201);
    expect(repriced.body.price).toEqual({ amountMinor: 1700, currency: 'USD' });

    const refused = await asCustomer(
      h,
      customerId,
      'POST',
      `/v1/carts/${cartId}/checkout`,
      { shippingAddress: NEW_YORK_ADDRESS, payment: card },
      { 'Idempotency-Key': 'price-change-1' },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.field).toBe('lines[1]');
    expect(refused.body.detail).toContain('from 15.00 USD to 17.00 USD');
    expect(await h.db('orders').where({ customer_id: customerId })).toEqual([]);
    expect((await h.db('carts').where({ id: cartId }).first()).status).toBe('open');
    // The admin's change is audited.
    const audit = await asStaff(h, 'support', 'GET', `/v1/audit?action=product.price&targetId=${sku}`);
    expect(audit.body.entries[0]).toEqual(
      expect.objectContaining({
        before: { currency: 'USD', price_minor: 1500 },
        after: { currency: 'USD', price_minor: 1700 },
      }),
    );

    // Removing and adding the line again accepts the new price.
    await asCustomer(h, customerId, 'DELETE', `/v1/carts/${cartId}/lines/${sku}`);
    const readded = await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/lines`, {
      sku,
      quantity: 1,
    });
    expect(readded.body.lines[1].unitPriceMinor).toBe(1700);
  });

  test('when a EUR cart is checked out to Berlin, then the order carries its pricing, ships from Frankfurt, a repeat answers the same order and the cart cannot change', async () => {
    const customerId = await createCustomerIn(h.db, 'DE', BERLIN);
    const sku = await createTestSku(h.db, { 'wh-frankfurt': 5, 'wh-newark': 5, 'wh-london': 5 }, 2700);
    const cartId = await newCart(customerId, 'EUR');
    await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/lines`, { sku, quantity: 2 });
    const body = { shippingAddress: BERLIN_ADDRESS, payment: card };
    const key = { 'Idempotency-Key': `cart-${cartId}` };

    const placed = await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/checkout`, body, key);
    expect(placed.status).toBe(202);
    const { orderId } = placed.body;

    const order = await orderWithStatus(h, orderId, 'shipped');
    // 2 × 24.84 EUR, plus domestic EUR shipping (4.99) below the 60.00 threshold. Authorize, then capture:
    // at `shipped` the amount due is held on the card, and nothing is captured until the parcel leaves.
    expect(order.amounts).toEqual(
      expect.objectContaining({ currency: 'EUR', totalMinor: 5467, capturedMinor: 0 }),
    );
    expect((await paymentOf(h, orderId)).amounts).toEqual(
      expect.objectContaining({ currency: 'EUR', dueMinor: 5467, authorizedMinor: 5467, capturedMinor: 0 }),
    );
    expect(order.pricing).toEqual(
      expect.objectContaining({
        subtotalMinor: 4968,
        shippingMinor: 499,
        methodFeeMinor: 0,
        amountDueMinor: 5467,
        paymentMethod: 'card',
        rates: [expect.objectContaining({ from: 'USD', to: 'EUR', rate: '0.92' })],
        base: expect.objectContaining({ from: 'EUR', to: 'USD', rate: '1.08696' }),
      }),
    );
    expect(order.lines[0].allocations).toEqual([
      { warehouseId: 'wh-frankfurt', quantity: 2, status: 'reserved' },
    ]);

    const again = await asCustomer(h, customerId, 'POST', `/v1/carts/${cartId}/checkout`, body, key);
    expect(again.status).toBe(202);
    expect(again.body.orderId).toBe(orderId);

    for (const [method, path, payload, headers] of [
      ['POST', `/v1/carts/${cartId}/checkout`, body, { 'Idempotency-Key': 'another-key' }],
      ['POST', `/v1/carts/${cartId}/lines`, { sku, quantity: 1 }, {}],
      ['PATCH', `/v1/carts/${cartId}/lines/${sku}`, { quantity: 1 }, {}],
      ['DELETE', `/v1/carts/${cartId}/lines/${sku}`, undefined, {}],
    ] as const) {
      const response = await asCustomer(h, customerId, method, path, payload, headers);
      expect({ path, status: response.status }).toEqual({ path, status: 409 });
      expect(response.body.detail).toContain(`checked out as order ${orderId}`);
    }
    expect(await h.db('orders').where({ customer_id: customerId }).count({ n: '*' })).toEqual([{ n: 1 }]);
    const cart = await asCustomer(h, customerId, 'GET', `/v1/carts/${cartId}`);
    expect(cart.body).toEqual(expect.objectContaining({ status: 'checked_out', orderId, expiresAt: null }));
    expect(cart.body.lines[0].quantity).toBe(2);

    // Once the Frankfurt parcel is handed to the carrier, the amount due is captured in euros.
    const captured = await capturedOrder(h, orderId);
    expect(captured.amounts).toEqual(
      expect.objectContaining({ currency: 'EUR', totalMinor: 5467, capturedMinor: 5467 }),
    );
  });
});
