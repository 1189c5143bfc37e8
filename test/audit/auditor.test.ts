import { randomUUID } from 'node:crypto';
import { createAuditor, type Auditor, type AuditReport } from '../../src/audit';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { createTestSku } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, eventually, orderWithStatus, placeOrder } from '../support/http';

let h: Harness;
let auditor: Auditor;
beforeAll(async () => {
  h = await startHarness();
  auditor = createAuditor({ db: h.db, temporal: h.client });
});
afterAll(() => h.stop());

const invariant = (report: AuditReport, name: string) => report.invariants.find((i) => i.name === name)!;

/** Places an order for `sku` and waits until it is shipped: a deliberate wait, with its run open. */
async function shippedOrder(sku: string): Promise<{ orderId: string; totalMinor: number }> {
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 1 }] });
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  return { orderId, totalMinor: shipped.amounts.totalMinor };
}

describe('invariant auditor', () => {
  test('when a happy-path order with a partial refund has completed and closed, then every invariant holds', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 5 });
    const snapshot = await auditor.snapshotInventory([sku]);
    const orderId = await placeOrder(h, { lines: [{ sku, quantity: 2 }] });
    const shipped = await orderWithStatus(h, orderId, 'shipped');
    const tracking = shipped.shipments[0].trackingNumber;
    for (const status of ['in_transit', 'delivered'])
      await api(h, 'POST', '/v1/webhooks/carrier', { trackingNumber: tracking, status });
    await orderWithStatus(h, orderId, 'delivered');
    // Refunds draw on what was captured, so after the parcel left.
    const refund = await api(h, 'POST', `/v1/orders/${orderId}/refunds`, {
      refundId: 'r1',
      amountMinor: 700,
    });
    expect(refund.status).toBe(202);
    await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
    await orderWithStatus(h, orderId, 'completed');
    await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).result();

    const report = await auditor.audit({ orderIds: [orderId], skus: [sku], snapshot });

    expect(report.invariants.map((i) => [i.name, i.passed, i.violations])).toEqual([
      ['stock', true, []],
      ['money', true, []],
      ['pricing', true, []],
      ['states', true, []],
      ['history', true, []],
    ]);
    expect(report.passed).toBe(true);
    expect(invariant(report, 'stock').counts).toMatchObject({ rowsAgainstSnapshot: 1, committedSince: 2 });
    expect(invariant(report, 'money').counts).toMatchObject({
      finalOrders: 1,
      // Authorize, then capture: one capture for its one parcel, no one-step charge.
      charges: 0,
      captures: 1,
      capturedMinor: shipped.amounts.totalMinor,
      refundedMinor: 700,
    });
    expect(invariant(report, 'states').counts).toMatchObject({ orders: 1, final: 1, runsOpen: 0 });
    expect(invariant(report, 'history').counts.runs).toBe(1);
  });

  test('when the provider ledger holds a second charge for an order, then money fails naming that order', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 3 });
    const { orderId, totalMinor } = await shippedOrder(sku);
    expect((await auditor.audit({ orderIds: [orderId], skus: [sku] })).passed).toBe(true);

    await h.db('sandbox_payment_operations').insert(
      [1, 2].map((n) => ({
        idempotency_key: `${orderId}:charge:replayed-${n}`,
        kind: 'charge',
        reference: `ch_scratch_${randomUUID().slice(0, 8)}`,
        status: 'succeeded',
        amount_minor: totalMinor,
        currency: 'USD',
      })),
    );
    const report = await auditor.audit({ orderIds: [orderId], skus: [sku] });

    const money = invariant(report, 'money');
    expect(report.passed).toBe(false);
    expect(money.passed).toBe(false);
    expect(money.violations).toEqual(
      expect.arrayContaining([
        { orderId, message: `charged 2 times (${2 * totalMinor} in all)` },
        { orderId, message: expect.stringMatching(/above the order total/) },
      ]),
    );
    // A shipped order waits for its carrier on purpose: only money is broken.
    expect(invariant(report, 'states').passed).toBe(true);
    expect(invariant(report, 'stock').passed).toBe(true);
  });

  test("when an order's stored pricing disagrees with its lines or its method's fee, then pricing fails naming that order", async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 3 });
    const { orderId } = await shippedOrder(sku);
    const priced = invariant(await auditor.audit({ orderIds: [orderId], skus: [sku] }), 'pricing');
    expect(priced).toMatchObject({ passed: true, counts: { pricedOrders: 1 } });

    const { pricing } = await h.db('orders').where({ id: orderId }).first('pricing');
    // A subtotal the lines do not add up to (and so an amount due the card's fee rule does not give).
    await h
      .db('orders')
      .where({ id: orderId })
      .update({ pricing: JSON.stringify({ ...pricing, subtotalMinor: pricing.subtotalMinor + 1 }) });
    const report = await auditor.audit({ orderIds: [orderId], skus: [sku] });
    expect(invariant(report, 'pricing').violations).toEqual(
      expect.arrayContaining([
        { orderId, message: expect.stringMatching(/^lines sum to \d+, pricing says a subtotal of/) },
        { orderId, message: expect.stringMatching(/card gives/) },
      ]),
    );
    expect(invariant(report, 'money').passed).toBe(true);
  });

  test('when a stock row holds more reserved than its reservations say, then stock fails naming that row', async () => {
    const sku = await createTestSku(h.db, { 'wh-dallas': 4 });
    const snapshot = await auditor.snapshotInventory([sku]);
    const { orderId } = await shippedOrder(sku);
    expect((await auditor.audit({ orderIds: [orderId], skus: [sku], snapshot })).passed).toBe(true);

    await h.db('inventory').where({ warehouse_id: 'wh-dallas', sku }).increment('reserved', 1);
    const report = await auditor.audit({ orderIds: [orderId], skus: [sku], snapshot });

    expect(invariant(report, 'stock').violations).toEqual([
      {
        warehouseId: 'wh-dallas',
        sku,
        message: "reserved 2 but reservations in status 'reserved' hold 1",
      },
    ]);
  });

  test('when the carrier delivered a return parcel whose units were never restocked, then stock fails naming the order', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 2 });
    const { orderId } = await shippedOrder(sku);
    const trackingNumber = `SBXT${randomUUID().replace(/-/g, '').slice(0, 11)}`;
    await h.db('shipments').insert({
      id: `${orderId}:wh-reno:return`,
      order_id: orderId,
      warehouse_id: 'wh-reno',
      kind: 'return',
      carrier: 'sandbox-carrier',
      tracking_number: trackingNumber,
      status: 'label_created',
    });
    await h
      .db('carrier_events')
      .insert({ tracking_number: trackingNumber, status: 'delivered', order_id: orderId });

    const report = await auditor.audit({ orderIds: [orderId], skus: [sku] });

    const stock = invariant(report, 'stock');
    expect(stock.counts.returnParcelsDelivered).toBe(1);
    expect(stock.violations).toEqual([
      {
        orderId,
        warehouseId: 'wh-reno',
        sku,
        message: expect.stringMatching(
          new RegExp(
            `^the carrier delivered return parcel ${trackingNumber} at .+, but 1 unit\\(s\\) are still 'reserved'$`,
          ),
        ),
      },
    ]);
  });

  test('when the carrier sent a parcel back whose units were never restocked, then stock fails naming the order', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 2 });
    const { orderId } = await shippedOrder(sku);
    const parcel = await h.db('shipments').where({ order_id: orderId, kind: 'outbound' }).first();
    // Recorded as if passed to the run, which never restocked it.
    await h
      .db('carrier_events')
      .insert({ tracking_number: parcel.tracking_number, status: 'returned_to_sender', order_id: orderId });

    const report = await auditor.audit({ orderIds: [orderId], skus: [sku] });

    const stock = invariant(report, 'stock');
    expect(stock.counts.parcelsSentBack).toBe(1);
    expect(stock.violations).toEqual([
      {
        orderId,
        warehouseId: 'wh-reno',
        sku,
        message: `the carrier sent parcel ${parcel.tracking_number} back, but 1 unit(s) are still 'reserved'`,
      },
    ]);
  });

  test('when units appear on hand, then stock fails unless they are passed as a restock', async () => {
    const sku = await createTestSku(h.db, { 'wh-chicago': 2 });
    const snapshot = await auditor.snapshotInventory([sku]);
    await h.db('inventory').where({ warehouse_id: 'wh-chicago', sku }).increment('on_hand', 3);

    const unexplained = await auditor.audit({ orderIds: [], skus: [sku], snapshot });
    const explained = await auditor.audit({
      orderIds: [],
      skus: [sku],
      snapshot,
      restocks: [{ warehouseId: 'wh-chicago', sku, quantity: 3 }],
    });

    expect(invariant(unexplained, 'stock').violations).toEqual([
      {
        warehouseId: 'wh-chicago',
        sku,
        message: 'on_hand 5, expected 2 = opening 2 + restocks 0 − committed 0 + returned 0',
      },
    ]);
    expect(invariant(explained, 'stock').passed).toBe(true);
  });

  test('when an order row disagrees with its workflow, or its run was terminated half-way, then states fails naming the order', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 4 });
    const drifted = await shippedOrder(sku);
    const terminated = await shippedOrder(sku);
    await h.db('orders').where({ id: drifted.orderId }).update({ captured_minor: 100 });
    await h.client.workflow.getHandle(checkoutWorkflowId(terminated.orderId)).terminate('scratch');

    const report = await auditor.audit({
      orderIds: [drifted.orderId, terminated.orderId],
      skus: [sku],
      projectionLagMs: 500,
    });

    expect(invariant(report, 'states').violations).toEqual(
      expect.arrayContaining([
        {
          orderId: drifted.orderId,
          message: `order row says shipped, captured 100, refunded 0; its workflow says shipped, captured 0, refunded 0`,
        },
        {
          orderId: terminated.orderId,
          message: expect.stringMatching(/run was terminated/),
        },
        {
          orderId: terminated.orderId,
          message: 'its run is TERMINATED but the order is still shipped: it will never settle',
        },
      ]),
    );
  });

  test('when a run has more history events than the bound, then history fails naming its order', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 2 });
    const { orderId } = await shippedOrder(sku);

    const report = await auditor.audit({ orderIds: [orderId], skus: [sku], historyLimit: 5 });

    const history = invariant(report, 'history');
    expect(history.passed).toBe(false);
    expect(history.violations).toEqual([
      { orderId, message: expect.stringMatching(/^history of \d+ events \(limit 5\)$/) },
    ]);
  });
});

describe('invariant auditor, authorize-then-capture', () => {
  test('when a parcel is captured twice under another key, then money fails: above the authorization and the total', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 3 });
    const { orderId, totalMinor } = await shippedOrder(sku);
    const shipped = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
    await api(h, 'POST', '/v1/webhooks/carrier', {
      trackingNumber: shipped.shipments[0].trackingNumber,
      status: 'in_transit',
    });
    const capture = await eventually(
      () =>
        h
          .db('sandbox_payment_operations')
          .where({ kind: 'capture' })
          .andWhereLike('idempotency_key', `${orderId}:%`)
          .first(),
      (row) => row !== undefined,
    );
    expect((await auditor.audit({ orderIds: [orderId], skus: [sku] })).passed).toBe(true);

    await h.db('sandbox_payment_operations').insert({
      ...capture,
      idempotency_key: `${capture.idempotency_key}:replayed`,
      reference: `cap_scratch_${randomUUID().slice(0, 8)}`,
      created_at: new Date(),
    });
    const money = invariant(await auditor.audit({ orderIds: [orderId], skus: [sku] }), 'money');
    expect(money.violations).toEqual(
      expect.arrayContaining([
        { orderId, message: `captured ${2 * totalMinor}, above the order total ${totalMinor}` },
        { orderId, message: expect.stringMatching(/above the \d+ it held/) },
      ]),
    );
  });

  test('when a final order still holds an authorization, then money fails naming it', async () => {
    const sku = await createTestSku(h.db, { 'wh-reno': 3 });
    const { orderId } = await shippedOrder(sku);
    await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'scratch' });
    await orderWithStatus(h, orderId, 'cancelled');
    expect((await auditor.audit({ orderIds: [orderId], skus: [sku] })).passed).toBe(true);
    // As if the void had never reached the provider.
    await h
      .db('sandbox_payment_operations')
      .where({ kind: 'authorization' })
      .andWhereLike('idempotency_key', `${orderId}:%`)
      .update({ status: 'succeeded' });
    const money = invariant(await auditor.audit({ orderIds: [orderId], skus: [sku] }), 'money');
    expect(money.violations).toEqual([
      {
        orderId,
        message: expect.stringMatching(/^cancelled while authorization\(s\) auth_\w+ still hold money$/),
      },
    ]);
  });
});
