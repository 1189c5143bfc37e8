import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ROUTE_ACCESS, type RouteKey } from '../../src/api/access-policy';
import { generateSigningKey } from '../../src/auth/signing-key';
import { TOKEN_ROLES } from '../../src/auth/roles';
import { issueToken } from '../../src/auth/tokens';
import { signWebhook } from '../../src/webhooks/signature';
import { createTestCustomer, createTestSku, moneyMoved, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, eventually, orderBody, orderWithStatus, placeOrder, rawApi } from '../support/http';
import { TEST_AUDIENCE } from '../support/test-credentials';

let h: Harness;
beforeAll(async () => {
  // A long window, so that only the return (or a forged webhook) could end a cancelled order.
  h = await startHarness({ timeouts: { autoConfirmAfterMs: 60_000, returnWindowMs: 60_000 } });
});
afterAll(() => h.stop());

/** A concrete path for a route key, with placeholder ids (access is decided before they are looked up). */
const pathOf = (route: RouteKey) =>
  route
    .split(' ')[1]!
    .replace('{id}', randomUUID())
    .replace('{refundId}', 'rf-1')
    .replace('{applicationId}', 'app-1')
    .replace('{sku}', 'MUG-LOGO')
    .replace('{currency}', 'EUR')
    .replace('{from}', 'USD')
    .replace('{to}', 'EUR')
    .replace('{trackingNumber}', 'SBX000000000001');
const methodOf = (route: RouteKey) => route.split(' ')[0]!;
const routes = Object.keys(ROUTE_ACCESS) as RouteKey[];
const bodyFor = (route: RouteKey) => (methodOf(route) === 'GET' ? undefined : {});

describe('every route', () => {
  test.each(routes)('when %s is called without a credential, then it answers 401', async (route) => {
    const response = await rawApi(h, methodOf(route), pathOf(route), bodyFor(route));
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('unauthorized');
  });

  const refused = routes.flatMap((route) =>
    TOKEN_ROLES.filter((role) => !(ROUTE_ACCESS[route] as readonly string[]).includes(role)).map(
      (role) => [route, role] as const,
    ),
  );
  test.each(refused)('when %s is called by a %s, then it answers 403', async (route, role) => {
    const response = await rawApi(
      h,
      methodOf(route),
      pathOf(route),
      bodyFor(route),
      await h.credentials.as(role),
    );
    expect(response.status).toBe(403);
  });

  test('when a token is expired, for another audience or issuer, signed by another key or unsigned, then it answers 401', async () => {
    const otherKey = await generateSigningKey();
    const claims = { role: 'support' as const, subject: 'mallory', ttlSeconds: 600 };
    const forged = [
      await issueToken(otherKey.privateKey, TEST_AUDIENCE, claims),
      await issueToken(otherKey.privateKey, { ...TEST_AUDIENCE, audience: 'elsewhere' }, claims),
      // alg "none": an unsigned token must never be accepted.
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({
          sub: 'mallory',
          role: 'admin',
          iss: 'checkout-saga',
          aud: 'checkout-api',
          exp: 9e9,
        }),
      ).toString('base64url')}.`,
      'not-a-token',
    ];
    for (const token of forged) {
      const response = await rawApi(h, 'GET', '/v1/orders', undefined, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
      expect(response.body.message).toMatch(/token/);
    }
    const expired = await new SignJWT({ role: 'support' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(TEST_AUDIENCE.issuer)
      .setAudience(TEST_AUDIENCE.audience)
      .setSubject('sam')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(otherKey.privateKey);
    expect(
      (await rawApi(h, 'GET', '/v1/orders', undefined, { authorization: `Bearer ${expired}` })).status,
    ).toBe(401);
  });

  test('when the OpenAPI document is read, then every guarded route declares its security and roles', async () => {
    const { body } = await rawApi(h, 'GET', '/openapi.json');
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      const operation = body.paths[path]?.[method.toLowerCase()];
      expect(operation).toBeDefined();
      expect(operation['x-roles']).toEqual(ROUTE_ACCESS[route]);
      expect(operation.security).toEqual([
        route.startsWith('POST /v1/webhooks') ? { webhookSignature: [] } : { bearerAuth: [] },
      ]);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    expect(Object.keys(body.components.securitySchemes)).toEqual(['bearerAuth', 'webhookSignature']);
  });
});

describe('customers', () => {
  test("when a customer names another customer's id in the body, then it answers 400 naming customerId and no order is placed", async () => {
    const mallory = await createTestCustomer(h.db);
    const { customerId: _dropped, ...body } = orderBody();
    const response = await rawApi(
      h,
      'POST',
      '/v1/orders',
      { ...body, customerId: 'cus-alice' },
      await h.credentials.as('customer', mallory),
    );
    expect(response).toMatchObject({ status: 400, body: { field: 'customerId' } });
    expect(await h.db('orders').where({ customer_id: mallory })).toEqual([]);
  });

  test('when a customer places an order, then it is theirs, whatever else the body says', async () => {
    const customerId = await createTestCustomer(h.db);
    const { customerId: _dropped, ...body } = orderBody();
    const response = await rawApi(
      h,
      'POST',
      '/v1/orders',
      body,
      await h.credentials.as('customer', customerId),
    );
    expect(response.status).toBe(202);
    expect(await h.db('orders').where({ id: response.body.orderId }).first('customer_id')).toEqual({
      customer_id: customerId,
    });
  });

  test("when a customer reads or acts on another customer's order, then it answers 404 and nothing changes", async () => {
    const victim = await createTestCustomer(h.db);
    const orderId = await placeOrder(h, { customerId: victim });
    await orderWithStatus(h, orderId, 'shipped');
    const mallory = await h.credentials.as('customer', await createTestCustomer(h.db));
    for (const [method, path] of [
      ['GET', `/v1/orders/${orderId}`],
      ['POST', `/v1/orders/${orderId}/cancel`],
      ['POST', `/v1/orders/${orderId}/receipt`],
      ['GET', `/v1/orders/${orderId}/refunds/rf-1`],
      ['POST', `/v1/orders/${orderId}/refund-applications`],
      ['GET', `/v1/orders/${orderId}/refund-applications`],
      ['GET', `/v1/orders/${orderId}/refund-applications/app-1`],
    ] as const) {
      const response = await rawApi(h, method, path, method === 'POST' ? {} : undefined, mallory);
      expect(response.status).toBe(404);
      expect(response.body.message).toBe(`order ${orderId} not found`);
    }
    const listed = await rawApi(h, 'GET', `/v1/orders?customerId=${victim}`, undefined, mallory);
    expect(listed.body.orders).toEqual([]);
    expect((await api(h, 'GET', `/v1/orders/${orderId}`)).body.status).toBe('shipped');
  });

  test('when a customer reads their order, then internals are hidden, and staff see them', async () => {
    const customerId = await createTestCustomer(h.db);
    const orderId = await placeOrder(h, { customerId });
    const staff = await orderWithStatus(h, orderId, 'shipped');
    expect(staff.risk).toHaveProperty('score');
    expect(staff.allocation).toHaveProperty('cost');
    const own = await rawApi(
      h,
      'GET',
      `/v1/orders/${orderId}`,
      undefined,
      await h.credentials.as('customer', customerId),
    );
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('shipped');
    for (const hidden of ['risk', 'allocation', 'needsAttention', 'workflowId'])
      expect(own.body).not.toHaveProperty(hidden);
    // Authorized only: the parcel has not left yet.
    expect(own.body.payment).toEqual({ status: 'authorized', amountMinor: staff.amounts.totalMinor });
    // The payment view hides provider references from the customer; staff see them.
    const ownPayment = await rawApi(
      h,
      'GET',
      `/v1/orders/${orderId}/payment`,
      undefined,
      await h.credentials.as('customer', customerId),
    );
    expect(ownPayment).toMatchObject({ status: 200, body: { state: 'authorized' } });
    expect(ownPayment.body.attempts[0]).not.toHaveProperty('reference');
    expect((await api(h, 'GET', `/v1/orders/${orderId}/payment`)).body.attempts[0].reference).toMatch(
      /^auth_/,
    );
    const stranger = await h.credentials.as('customer', await createTestCustomer(h.db));
    expect((await rawApi(h, 'GET', `/v1/orders/${orderId}/payment`, undefined, stranger)).status).toBe(404);
    expect(own.body.shipments[0]).not.toHaveProperty('warehouseId');
    expect(own.body.lines[0]).not.toHaveProperty('allocations');
    expect(own.body.timeline.every((entry: object) => !('detail' in entry))).toBe(true);
    expect(JSON.stringify(own.body)).not.toMatch(/score|tree|cost|wh-/);
  });
});

describe('support decisions', () => {
  test('when a customer tries to approve their own review, then it answers 403 and the order stays in review', async () => {
    const customerId = await createTestCustomer(h.db);
    const orderId = await placeOrder(h, {
      customerId,
      payment: { method: 'card', token: 'tok_riskLevelElevated' },
    });
    await orderWithStatus(h, orderId, 'in_review');
    const self = await rawApi(
      h,
      'POST',
      `/v1/orders/${orderId}/review`,
      { decision: 'approve' },
      await h.credentials.as('customer', customerId),
    );
    expect(self.status).toBe(403);
    expect((await api(h, 'GET', `/v1/orders/${orderId}`)).body.status).toBe('in_review');
    expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 0, charges: 0, refunded: 0 });

    const support = await h.credentials.as('support', 'sam');
    const decided = await rawApi(
      h,
      'POST',
      `/v1/orders/${orderId}/review`,
      { decision: 'approve', note: 'called them' },
      support,
    );
    expect(decided.status).toBe(202);
    const audit = await rawApi(h, 'GET', `/v1/audit?targetId=${orderId}`, undefined, support);
    expect(audit.body.entries).toEqual([
      expect.objectContaining({
        actor: { role: 'support', id: 'sam' },
        action: 'order.review',
        target: { type: 'order', id: orderId },
        before: { status: 'in_review' },
        after: expect.objectContaining({ decision: 'approve', note: 'called them' }),
      }),
    ]);
    expect((await orderWithStatus(h, orderId, 'shipped')).risk.reasons[0]).toBe(
      'review by sam: approve (called them)',
    );
  });

  test('when support refunds for a customer, then it is audited with the amounts; a customer cannot refund directly', async () => {
    const customerId = await createTestCustomer(h.db);
    const orderId = await placeOrder(h, { customerId });
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    // Refunds draw on captured money: the parcel leaves first.
    await api(h, 'POST', '/v1/webhooks/carrier', {
      trackingNumber: shipped.shipments[0].trackingNumber,
      status: 'in_transit',
    });
    await eventually(
      async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
      (order) => order.amounts.capturedMinor > 0,
    );
    const asCustomer = await rawApi(
      h,
      'POST',
      `/v1/orders/${orderId}/refunds`,
      { amountMinor: 100 },
      await h.credentials.as('customer', customerId),
    );
    expect(asCustomer.status).toBe(403);
    const support = await h.credentials.as('support', 'sam');
    const refund = await rawApi(
      h,
      'POST',
      `/v1/orders/${orderId}/refunds`,
      { amountMinor: 100, reason: 'goodwill' },
      support,
    );
    expect(refund.status).toBe(202);
    const audit = await rawApi(
      h,
      'GET',
      `/v1/audit?targetId=${orderId}&action=order.refund`,
      undefined,
      support,
    );
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({
      actor: { id: 'sam' },
      after: { amountMinor: 100, reason: 'goodwill', refundId: refund.body.refundId },
    });
    expect(audit.body.entries[0].before.refundableMinor).toBeGreaterThanOrEqual(100);
    expect(
      (await rawApi(h, 'GET', '/v1/audit', undefined, await h.credentials.as('customer', customerId))).status,
    ).toBe(403);
  });
});

describe('stock', () => {
  test('when anyone but an admin adjusts stock, then it answers 403 and stock is unchanged', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 2 });
    const body = {
      adjustmentId: `inflate-${sku}`,
      warehouseId: 'wh-reno',
      sku,
      delta: 1000,
      reason: 'received',
    };
    for (const role of ['customer', 'support'] as const) {
      const response = await rawApi(
        h,
        'POST',
        '/v1/inventory/adjustments',
        body,
        await h.credentials.as(role),
      );
      expect(response.status).toBe(403);
    }
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-reno': { onHand: 2, reserved: 0 } });
    const admin = await h.credentials.as('admin', 'ada');
    expect((await rawApi(h, 'POST', '/v1/inventory/adjustments', body, admin)).status).toBe(201);
    const audit = await rawApi(h, 'GET', `/v1/audit?targetId=wh-reno/${sku}`, undefined, admin);
    expect(audit.body.entries).toEqual([
      expect.objectContaining({
        actor: { role: 'admin', id: 'ada' },
        action: 'inventory.adjust',
        before: { onHand: 2, reserved: 0 },
        after: expect.objectContaining({ onHand: 1002, delta: 1000, reason: 'received' }),
      }),
    ]);
  });
});

describe('carrier webhooks', () => {
  /** A shipped order of a customer's own, cancelled after delivery: its return label is waiting. */
  async function orderWithReturnLabel() {
    const sku = await createTestSku(h.db, { 'wh-chicago': 2 });
    const orderId = await placeOrder(h, { lines: [{ sku, quantity: 1 }] });
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    for (const status of ['in_transit', 'delivered'])
      await api(h, 'POST', '/v1/webhooks/carrier', {
        trackingNumber: shipped.shipments[0].trackingNumber,
        status,
      });
    await orderWithStatus(h, orderId, 'delivered');
    expect((await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'return' })).status).toBe(202);
    const order = await eventually(
      async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
      (o) => o.shipments.some((s: { kind: string }) => s.kind === 'return'),
    );
    return {
      orderId,
      label: order.shipments.find((s: { kind: string }) => s.kind === 'return').trackingNumber,
    };
  }

  test('when a "delivered" for a return label is forged (unsigned, wrong secret, stale, or a token), then it answers 401/403 and nothing is refunded', async () => {
    const { orderId, label } = await orderWithReturnLabel();
    const text = JSON.stringify({ eventId: randomUUID(), trackingNumber: label, status: 'delivered' });
    const customer = await h.credentials.as('customer', 'cus-alice');
    const attempts: Array<[Record<string, string>, number]> = [
      [{}, 401],
      [customer, 403],
      [signWebhook('sandbox-carrier', 'whsec_guessed', text), 401],
      [signWebhook('acme-carrier', 'whsec_guessed', text), 401],
      [h.credentials.signedByCarrier(text, Date.now() - 6 * 60_000), 401],
      [{ ...h.credentials.signedByCarrier(text), 'X-Signature': 'v1=00' }, 401],
    ];
    for (const [headers, status] of attempts) {
      expect((await rawApi(h, 'POST', '/v1/webhooks/carrier', text, headers)).status).toBe(status);
    }
    // The body signed is the body checked: a changed body breaks the signature.
    const tampered = text.replace('delivered', 'returned');
    expect(
      (await rawApi(h, 'POST', '/v1/webhooks/carrier', tampered, h.credentials.signedByCarrier(text))).status,
    ).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const order = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
    expect(order.amounts.refundedMinor).toBe(0);
    expect(await h.db('carrier_events').where({ tracking_number: label })).toEqual([]);
  });

  test('when a signed webhook is replayed, then the copy is dropped as a duplicate and the event counts once', async () => {
    const { orderId, label } = await orderWithReturnLabel();
    const text = JSON.stringify({
      eventId: `evt-${randomUUID()}`,
      trackingNumber: label,
      status: 'delivered',
    });
    const headers = h.credentials.signedByCarrier(text);
    const first = await rawApi(h, 'POST', '/v1/webhooks/carrier', text, headers);
    const replay = await rawApi(h, 'POST', '/v1/webhooks/carrier', text, headers);
    expect(first).toMatchObject({ status: 202, body: { duplicate: false } });
    expect(replay).toMatchObject({ status: 200, body: { duplicate: true } });
    const cancelled = await orderWithStatus(h, orderId, 'cancelled');
    expect(await moneyMoved(h.db, orderId)).toEqual({
      charged: cancelled.amounts.capturedMinor,
      charges: 1,
      refunded: cancelled.amounts.capturedMinor,
    });
  });

  test('when a carrier reports on a tracking number that is not its own, then it answers 404', async () => {
    const orderId = await placeOrder(h);
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    await h.db('shipments').where({ order_id: orderId }).update({ carrier: 'other-carrier' });
    const response = await api(h, 'POST', '/v1/webhooks/carrier', {
      trackingNumber: shipped.shipments[0].trackingNumber,
      status: 'in_transit',
    });
    expect(response.status).toBe(404);
  });
});
