import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { testPayloadEncryption } from '../support/payload-encryption';
import { createApp } from '../../src/api/app';
import { orderIdForKey, scopedIdempotencyKey } from '../../src/api/place-order';
import { freePort } from '../../src/temporal/dev-server';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { activitiesOf } from '../support/activities';
import {
  createTestCustomer,
  createTestOrderRow,
  createTestSku,
  moneyMoved,
  stockOf,
  testOrderInput,
} from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, capturedOrder, eventually, orderBody, orderWithStatus, placeOrder } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('repeated orders', () => {
  test('when POST /v1/orders is repeated after its run has closed, then no second run starts and the final status stays', async () => {
    const customerId = await createTestCustomer(h.db);
    // Rejected by risk: the run fails and closes at once.
    const body = orderBody({ customerId, payment: { method: 'card', token: 'tok_riskLevelHighest' } });
    const key = `repeat-${randomUUID()}`;
    const first = await api(h, 'POST', '/v1/orders', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(202);
    const handle = h.client.workflow.getHandle(checkoutWorkflowId(first.body.orderId));
    await expect(handle.result()).rejects.toThrow();
    const closed = await handle.describe();

    const again = await api(h, 'POST', '/v1/orders', body, { 'Idempotency-Key': key });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ orderId: first.body.orderId, status: 'rejected' });
    const after = await handle.describe();
    expect(after.runId).toBe(closed.runId);
    expect(after.status.name).toBe('FAILED');
    expect((await h.db('orders').where({ id: first.body.orderId }).first('status')).status).toBe('rejected');
  });

  test('when reserveStock runs again after the order released its stock, then it refuses and stock stays put', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 5 });
    const orderId = await createTestOrderRow(h.db, sku);
    const acts = activitiesOf(h);
    const reserve = () =>
      acts.reserveStock({
        orderId,
        strategy: 'nearest',
        shippingAddress: { name: 'A', line1: 'x', city: 'y', postalCode: 'z', country: 'US' },
        lines: [{ sku, quantity: 2 }],
      });
    await reserve();
    expect(await reserve()).toMatchObject({ strategy: 'nearest' }); // a retry while held: same reservation
    expect((await stockOf(h.db, sku))['wh-newark']).toEqual({ onHand: 5, reserved: 2 });
    await acts.releaseStock({ orderId });
    await expect(reserve()).rejects.toMatchObject({ type: 'ReservationClosed', nonRetryable: true });
    expect((await stockOf(h.db, sku))['wh-newark']).toEqual({ onHand: 5, reserved: 0 });
  });
});

describe('orphans', () => {
  test('when Temporal cannot be reached, then POST /v1/orders answers 503 and writes no order row', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    const { tokens, webhookSenders } = h.credentials;
    const temporal = new Client({
      connection,
      dataConverter: (await testPayloadEncryption(h.db)).dataConverter,
    });
    const app = createApp({
      db: h.db,
      temporal,
      payloadKeys: h.payloadKeys,
      config: h.config,
      tokens,
      webhookSenders,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const key = `orphan-${randomUUID()}`;
      const { port } = server.address() as AddressInfo;
      const customerId = await createTestCustomer(h.db);
      const { customerId: _inToken, ...body } = orderBody();
      const response = await fetch(`http://127.0.0.1:${port}/v1/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'Idempotency-Key': key,
          ...(await h.credentials.as('customer', customerId)),
        },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const scoped = scopedIdempotencyKey(customerId, key);
      expect(await h.db('orders').where({ id: orderIdForKey(scoped) })).toEqual([]);
      expect(await h.db('orders').where({ customer_id: customerId })).toEqual([]);
    } finally {
      server.close();
      await connection.close();
    }
  }, 60_000);
});

describe('the order projection', () => {
  test('when an older transition is written after a newer one, then the order row keeps the newer state', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 5 });
    const orderId = await createTestOrderRow(h.db, sku);
    const acts = activitiesOf(h);
    const transition = (seq: number, status: 'reserved' | 'paid') => ({
      orderId,
      seq,
      entry: { at: new Date().toISOString(), step: 'x', outcome: 'completed' as const, status },
      projection: {
        status,
        capturedMinor: status === 'paid' ? 5000 : 0,
        refundedMinor: 0,
        allocation: null,
        risk: null,
        failure: null,
      },
    });
    await acts.recordTransition(transition(2, 'paid'));
    await acts.recordTransition(transition(1, 'reserved')); // a retry of an earlier write, arriving late
    const row = await h.db('orders').where({ id: orderId }).first();
    expect(row).toMatchObject({ status: 'paid', captured_minor: 5000, last_seq: 2 });
    expect(await h.db('order_events').where({ order_id: orderId }).count({ n: '*' })).toEqual([{ n: 2 }]);
  });

  test('when a step carries the order and its first record and runs again, then each is written once, before the step', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 3 });
    const order = await testOrderInput(h.db, sku, 2);
    const { orderId } = order;
    const received = {
      orderId,
      seq: 1,
      entry: {
        at: new Date().toISOString(),
        step: 'order',
        outcome: 'received' as const,
        status: 'pending' as const,
      },
      projection: {
        status: 'pending' as const,
        capturedMinor: 0,
        refundedMinor: 0,
        allocation: null,
        risk: null,
        failure: null,
      },
    };
    const acts = activitiesOf(h);
    const reserve = (quantity: number) =>
      acts.reserveStock({
        orderId,
        strategy: 'nearest',
        shippingAddress: order.shippingAddress,
        lines: [{ sku, quantity }],
        carried: { order, transitions: [received] },
      } as Parameters<typeof acts.reserveStock>[0]);

    // More than the stock: the step fails, but what it carried is written first.
    await expect(reserve(4)).rejects.toThrow(/short by 1/);
    expect(await h.db('orders').where({ id: orderId }).first('status', 'last_seq')).toEqual({
      status: 'pending',
      last_seq: 1,
    });
    // The retry of a step that carried them: nothing is written twice.
    await reserve(2);
    await reserve(2);
    expect(await h.db('order_events').where({ order_id: orderId }).select('seq', 'step')).toEqual([
      { seq: 1, step: 'order' },
    ]);
    expect(await h.db('order_lines').where({ order_id: orderId }).count({ n: '*' })).toEqual([{ n: 1 }]);
    expect((await stockOf(h.db, sku))['wh-newark']).toEqual({ onHand: 3, reserved: 2 });
  });
});

describe('refund ids', () => {
  test('when two orders use the same refund id, then each gets its own refund', async () => {
    const [a, b] = await Promise.all([placeOrder(h), placeOrder(h)]);
    await Promise.all([capturedOrder(h, a), capturedOrder(h, b)]);
    expect(
      (await api(h, 'POST', `/v1/orders/${a}/refunds`, { refundId: 'r-1', amountMinor: 100 })).status,
    ).toBe(202);
    expect(
      (await api(h, 'POST', `/v1/orders/${b}/refunds`, { refundId: 'r-1', amountMinor: 300 })).status,
    ).toBe(202);
    const succeeded = (orderId: string) =>
      eventually(
        async () => (await api(h, 'GET', `/v1/orders/${orderId}/refunds/r-1`)).body,
        (refund) => refund?.status === 'succeeded',
      );
    expect(await succeeded(a)).toMatchObject({ amountMinor: 100 });
    expect(await succeeded(b)).toMatchObject({ amountMinor: 300 });
    expect((await moneyMoved(h.db, a)).refunded).toBe(100);
    expect((await moneyMoved(h.db, b)).refunded).toBe(300);
  });

  test("when a refund id has the shape of the saga's own keys, then it answers 400 naming refundId", async () => {
    const orderId = await placeOrder(h);
    await orderWithStatus(h, orderId, 'shipped');
    const response = await api(h, 'POST', `/v1/orders/${orderId}/refunds`, {
      refundId: `${orderId}:compensation`,
      amountMinor: 100,
    });
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('refundId');
  });

  test('when the Idempotency-Key is over-long, then it answers 400 naming it and refunds nothing', async () => {
    const orderId = await placeOrder(h);
    await orderWithStatus(h, orderId, 'shipped');
    const response = await api(
      h,
      'POST',
      `/v1/orders/${orderId}/refunds`,
      { amountMinor: 100 },
      { 'Idempotency-Key': 'k'.repeat(201) },
    );
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('Idempotency-Key');
    expect((await api(h, 'GET', `/v1/orders/${orderId}`)).body.refunds).toEqual([]);
  });

  test('when a refund without an id is sent twice with one Idempotency-Key, then one refund is made', async () => {
    const orderId = await placeOrder(h);
    await capturedOrder(h, orderId);
    const key = `refund:${randomUUID()}`; // any visible ASCII, colons included
    const send = () =>
      api(h, 'POST', `/v1/orders/${orderId}/refunds`, { amountMinor: 250 }, { 'Idempotency-Key': key });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(202);
    expect(second.body.refundId).toBe(first.body.refundId);
    await eventually(
      async () => (await api(h, 'GET', `/v1/orders/${orderId}/refunds/${first.body.refundId}`)).body,
      (refund) => refund?.status === 'succeeded',
    );
    expect(await moneyMoved(h.db, orderId)).toMatchObject({ refunded: 250 });
  });
});
