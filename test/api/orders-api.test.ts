import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { defaultToolsDir, resolveTemporalCli } from '../../src/temporal/temporal-cli';
import { createTestCustomer, createTestSku, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, eventually, orderBody, orderWithStatus, placeOrder } from '../support/http';
import { testEnv } from '../support/test-env';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('POST /v1/orders', () => {
  test.each([
    ['currency', { currency: 'usd' }],
    ['lines', { lines: [] }],
    ['lines[0].quantity', { lines: [{ sku: 'MUG-LOGO', quantity: 0 }] }],
    [
      'lines[1].sku',
      {
        lines: [
          { sku: 'MUG-LOGO', quantity: 1 },
          { sku: 'NOPE', quantity: 1 },
        ],
      },
    ],
    [
      'shippingAddress.country',
      { shippingAddress: { name: 'A', line1: 'a', city: 'b', postalCode: 'c', country: 'USA' } },
    ],
    [
      'shippingAddress.lon',
      { shippingAddress: { name: 'A', line1: 'a', city: 'b', postalCode: 'c', country: 'US', lat: 1 } },
    ],
    ['shippingAddress.name', { shippingAddress: { line1: 'a', city: 'b', postalCode: 'c', country: 'US' } }],
    [
      'shippingAddress.phone',
      {
        shippingAddress: {
          name: 'A',
          line1: 'a',
          city: 'b',
          postalCode: 'c',
          country: 'US',
          phone: 'call me',
        },
      },
    ],
    ['payment.method', { payment: { method: 'cash', token: 'tok_visa' } }],
    // EUR is an order currency since price lists and rates; an unknown code is still refused.
    ['currency', { currency: 'XYZ' }],
    ['surprise', { surprise: true }],
  ])(
    'when %s is invalid, then it answers 400 naming the field and writes nothing',
    async (field, overrides) => {
      // Other test files place orders at the same time, so "nothing" is judged by what this request names:
      // a customer of its own and an idempotency key of its own. (Lines are only written with their order.)
      const customerId = await createTestCustomer(h.db);
      const key = `invalid-${randomUUID()}`;
      const body = orderBody({ customerId, ...overrides });
      const response = await api(h, 'POST', '/v1/orders', body, { 'Idempotency-Key': key });
      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
      expect(response.body.message).toContain(field);
      expect(await h.db('orders').where({ customer_id: customerId })).toEqual([]);
    },
  );

  test('when the body is not JSON, then it answers 400', async () => {
    const response = await api(h, 'POST', '/v1/orders', '{"customerId":');
    expect(response).toMatchObject({ status: 400, body: { field: 'body' } });
  });

  test('when the same Idempotency-Key and body arrive twice at once, then one order and one workflow exist', async () => {
    const body = orderBody({ customerId: await createTestCustomer(h.db) });
    const key = `idem-${Date.now()}`;
    const [first, second] = await Promise.all([
      api(h, 'POST', '/v1/orders', body, { 'Idempotency-Key': key }),
      api(h, 'POST', '/v1/orders', body, { 'Idempotency-Key': key }),
    ]);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.orderId).toBe(first.body.orderId);
    expect(first.body.workflowId).toBe(checkoutWorkflowId(first.body.orderId));
    expect(await h.db('orders').where({ customer_id: body.customerId }).count({ n: '*' }).first()).toEqual({
      n: 1,
    });

    const runs = [];
    for await (const run of h.client.workflow.list({ query: `WorkflowId = '${first.body.workflowId}'` }))
      runs.push(run);
    expect(runs).toHaveLength(1);

    const different = await api(
      h,
      'POST',
      '/v1/orders',
      { ...body, lines: [{ sku: 'MUG-LOGO', quantity: 1 }] },
      { 'Idempotency-Key': key },
    );
    expect(different.status).toBe(409);
    expect(different.body.field).toBe('Idempotency-Key');
  });

  test('when the address has a recipient, second line, region and phone, then every carrier label carries them', async () => {
    const shippingAddress = {
      name: 'Dana Q. Recipient',
      line1: '350 Fifth Avenue',
      line2: 'Suite 2100',
      city: 'New York',
      region: 'NY',
      postalCode: '10118',
      country: 'US',
      phone: '+1 212 555 0100',
    };
    const orderId = await placeOrder(h, { shippingAddress });
    const order = await orderWithStatus(h, orderId, 'shipped');
    expect(order.shippingAddress).toEqual(shippingAddress);
    const labels = await h.db('sandbox_carrier_labels').whereIn(
      'tracking_number',
      order.shipments.map((s: { trackingNumber: string }) => s.trackingNumber),
    );
    expect(labels.length).toBe(order.shipments.length);
    for (const label of labels) {
      expect(label.direction).toBe('outbound');
      expect(label.customer_address).toEqual(shippingAddress);
    }
  });

  test('when an order is placed, then the Temporal CLI finds its run by the OrderId search attribute', async () => {
    const orderId = await placeOrder(h);
    await orderWithStatus(h, orderId, 'shipped');
    const cli = await resolveTemporalCli(defaultToolsDir(path.resolve(__dirname, '../..')));
    const listed = execFileSync(
      cli,
      [
        'workflow',
        'list',
        '--address',
        testEnv('temporalAddress'),
        '--query',
        `OrderId='${orderId}'`,
        '--output',
        'json',
      ],
      { encoding: 'utf8' },
    );
    const runs = JSON.parse(listed) as { execution: { workflowId: string } }[];
    expect(runs.map((r) => r.execution.workflowId)).toEqual([checkoutWorkflowId(orderId)]);
    // Visibility is eventually consistent: the status attribute may trail the order row by a moment.
    const countShipped = () =>
      execFileSync(
        cli,
        [
          'workflow',
          'count',
          '--address',
          testEnv('temporalAddress'),
          '--query',
          `OrderId='${orderId}' AND OrderStatus='shipped'`,
        ],
        { encoding: 'utf8' },
      );
    expect(
      await eventually(
        async () => countShipped(),
        (text) => /Total: 1\b/.test(text),
      ),
    ).toMatch(/Total: 1\b/);
  });
});

describe('reading orders', () => {
  test('when an order is unknown or its id malformed, then it answers 404', async () => {
    expect((await api(h, 'GET', '/v1/orders/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api(h, 'GET', '/v1/orders/not-an-id')).status).toBe(404);
    expect((await api(h, 'POST', '/v1/orders/not-an-id/cancel', {})).status).toBe(404);
  });

  test('when orders are listed by customer and status, then only matching orders come back', async () => {
    const customerId = await createTestCustomer(h.db);
    const shippedId = await placeOrder(h, { customerId });
    // Out of stock fails an order at once (a declined card now waits for the customer to retry).
    const scarce = await createTestSku(h.db, { 'wh-reno': 1 });
    const failedId = await placeOrder(h, { customerId, lines: [{ sku: scarce, quantity: 2 }] });
    await orderWithStatus(h, shippedId, 'shipped');
    await orderWithStatus(h, failedId, 'failed');

    const all = await api(h, 'GET', `/v1/orders?customerId=${customerId}`);
    expect(all.body.orders.map((o: { orderId: string }) => o.orderId).sort()).toEqual(
      [shippedId, failedId].sort(),
    );
    const failed = await api(h, 'GET', `/v1/orders?customerId=${customerId}&status=failed`);
    expect(failed.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([failedId]);
    expect((await api(h, 'GET', '/v1/orders?status=lost')).body.field).toBe('status');
  });
});

describe('order actions', () => {
  test('when receipt or review does not fit the order status, then it answers 409 and nothing changes', async () => {
    const scarce = await createTestSku(h.db, { 'wh-reno': 1 });
    const orderId = await placeOrder(h, { lines: [{ sku: scarce, quantity: 2 }] });
    await orderWithStatus(h, orderId, 'failed');
    expect((await api(h, 'POST', `/v1/orders/${orderId}/receipt`)).status).toBe(409);
    expect((await api(h, 'POST', `/v1/orders/${orderId}/review`, { decision: 'approve' })).status).toBe(409);
    expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, {})).status).toBe(409);
    expect((await api(h, 'POST', `/v1/orders/${orderId}/refunds`, {})).status).toBe(409);
    expect((await api(h, 'GET', `/v1/orders/${orderId}`)).body.status).toBe('failed');
  });

  test('when a review decision is malformed, then it answers 400 naming the field', async () => {
    const orderId = await placeOrder(h);
    const response = await api(h, 'POST', `/v1/orders/${orderId}/review`, {
      decision: 'maybe',
    });
    expect(response).toMatchObject({ status: 400, body: { field: 'decision' } });
  });
});

describe('carrier webhook', () => {
  test('when the tracking number is unknown or the status invalid, then it answers 404 or 400', async () => {
    expect(
      (
        await api(h, 'POST', '/v1/webhooks/carrier', {
          trackingNumber: 'SBX000000000000',
          status: 'delivered',
        })
      ).status,
    ).toBe(404);
    const invalid = await api(h, 'POST', '/v1/webhooks/carrier', {
      trackingNumber: 'SBX1',
      status: 'teleported',
    });
    expect(invalid).toMatchObject({ status: 400, body: { field: 'status' } });
  });
});

describe('catalog and stock', () => {
  test('when products are listed, then each has an integer price with its currency', async () => {
    const { body } = await api(h, 'GET', '/v1/products');
    expect(body.products.length).toBeGreaterThanOrEqual(6);
    for (const product of body.products) {
      expect(Number.isInteger(product.price.amountMinor)).toBe(true);
      expect(product.price.currency).toBe('USD');
    }
  });

  test('when stock is adjusted up and down, then on-hand follows, the ledger records each change, and a retry counts once', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 1 });
    const adjust = (body: object, key: string) =>
      api(h, 'POST', '/v1/inventory/adjustments', body, { 'Idempotency-Key': key });
    const received = { warehouseId: 'wh-reno', sku, delta: 4, reason: 'received' };
    const first = await adjust(received, `rcv-${sku}`);
    expect(first).toMatchObject({
      status: 201,
      body: { onHandBefore: 1, onHandAfter: 5, actor: 'sandbox-admin' },
    });
    expect(await adjust(received, `rcv-${sku}`)).toMatchObject({ status: 200, body: first.body });
    const damaged = await adjust({ warehouseId: 'wh-reno', sku, delta: -2, reason: 'damaged' }, `dmg-${sku}`);
    expect(damaged.body).toMatchObject({ onHandBefore: 5, onHandAfter: 3 });
    const added = await adjust({ warehouseId: 'wh-dallas', sku, delta: 2, reason: 'received' }, `new-${sku}`);
    expect(added.body).toMatchObject({ warehouseId: 'wh-dallas', onHandBefore: 0, onHandAfter: 2 });
    const view = await api(h, 'GET', `/v1/inventory/${sku}`);
    expect(view.body.warehouses).toEqual([
      { warehouseId: 'wh-dallas', onHand: 2, reserved: 0, available: 2 },
      { warehouseId: 'wh-reno', onHand: 3, reserved: 0, available: 3 },
    ]);
    const ledger = await api(h, 'GET', `/v1/inventory/adjustments?sku=${sku}`);
    expect(ledger.body.adjustments.map((a: { delta: number }) => a.delta).sort()).toEqual([-2, 2, 4]);
  });

  test('when an adjustment is invalid, names unknown things, reuses an id, or would go below reserved, then it is refused and writes nothing', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 3 });
    await h.db('inventory').where({ sku }).update({ reserved: 2 });
    const adjust = (body: object, key = `adj-${randomUUID()}`) =>
      api(h, 'POST', '/v1/inventory/adjustments', body, { 'Idempotency-Key': key });
    const valid = { warehouseId: 'wh-reno', sku, delta: 1, reason: 'count_correction' };
    expect((await adjust({ ...valid, delta: 0 })).body.field).toBe('delta');
    expect((await adjust({ ...valid, reason: 'found it' })).body.field).toBe('reason');
    expect((await adjust({ ...valid, warehouseId: 'wh-nowhere' })).body.field).toBe('warehouseId');
    expect((await adjust({ ...valid, sku: 'NOPE' })).body.field).toBe('sku');
    const noKey = await api(h, 'POST', '/v1/inventory/adjustments', valid);
    expect(noKey).toMatchObject({ status: 400, body: { field: 'adjustmentId' } });
    expect(await adjust({ ...valid, delta: -2, reason: 'lost' })).toMatchObject({
      status: 409,
      body: { field: 'delta' },
    });
    expect((await adjust(valid, `same-${sku}`)).status).toBe(201);
    expect(await adjust({ ...valid, delta: 5 }, `same-${sku}`)).toMatchObject({ status: 409 });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-reno': { onHand: 4, reserved: 2 } });
    expect((await api(h, 'GET', '/v1/inventory/NOPE')).status).toBe(404);
  });
});

describe('service endpoints', () => {
  test('when health is checked, then the database and Temporal are reported up', async () => {
    expect(await api(h, 'GET', '/healthz')).toEqual({
      status: 200,
      body: { status: 'ok', database: 'ok', temporal: 'ok' },
    });
  });

  test('when the OpenAPI document is fetched, then it describes every route the app serves', async () => {
    const { body } = await api(h, 'GET', '/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/orders',
        '/v1/orders/{id}',
        '/v1/orders/{id}/cancel',
        '/v1/orders/{id}/refunds',
        '/v1/orders/{id}/receipt',
        '/v1/orders/{id}/review',
        '/v1/webhooks/carrier',
        '/v1/products',
        '/v1/inventory/{sku}',
        '/v1/inventory/adjustments',
        '/v1/audit',
        '/healthz',
        '/livez',
        '/readyz',
      ]),
    );
    const create = body.paths['/v1/orders'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(
      expect.arrayContaining(['currency', 'lines', 'shippingAddress', 'payment']),
    );
    expect((await api(h, 'GET', '/v1/nothing')).status).toBe(404);
  });
});
