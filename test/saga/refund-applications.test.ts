import { createAuditor } from '../../src/audit/auditor';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { statusQuery } from '../../workflows/checkout.messages';
import { createTestCustomer, createTestSku, moneyMoved, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import {
  api,
  carrierEvent,
  deliverParcels,
  eventually,
  orderWithStatus,
  placeOrder,
  rawApi,
} from '../support/http';

// Long windows, so that only the applications decide what happens; auto-approval up to 50.00 USD.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    timeouts: { autoConfirmAfterMs: 120_000, returnWindowMs: 120_000, refundDecisionSlaMs: 120_000 },
    refundAutoApproveLimits: { USD: 5000 },
  });
});
afterAll(() => h.stop());

// Tests read API bodies loosely, as test/support/http.ts does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Application = Record<string, any>;

const applications = (orderId: string) => `/v1/orders/${orderId}/refund-applications`;
const support = () => h.credentials.as('support', 'sam');

/** Places an order of the given lines and delivers every parcel; returns the delivered order. */
async function deliveredOrder(lines: { sku: string; quantity: number }[], harness = h) {
  const customerId = await createTestCustomer(harness.db);
  const orderId = await placeOrder(harness, { customerId, lines });
  const shipped = await orderWithStatus(harness, orderId, 'shipped');
  await deliverParcels(harness, shipped);
  return { orderId, customerId, shipments: shipped.shipments as { warehouseId: string }[] };
}

/** Reads an application (as support) until `done` accepts it. */
const applicationWhen = (orderId: string, id: string, done: (a: Application) => boolean, harness = h) =>
  eventually(async () => (await api(harness, 'GET', `${applications(orderId)}/${id}`)).body, done);

/** Sends the carrier's `delivered` for each of the application's return parcels. */
async function sendBack(orderId: string, id: string) {
  const awaiting = await applicationWhen(orderId, id, (a) => a.status === 'awaiting_return');
  for (const parcel of awaiting.returnParcels) await carrierEvent(h, parcel.trackingNumber, 'delivered');
  return awaiting;
}

const refundRows = (orderId: string) => h.db('refunds').where({ order_id: orderId }).orderBy('created_at');
const projected = (orderId: string, id: string) =>
  h.db('refund_applications').where({ order_id: orderId, application_id: id }).first();

async function auditPasses(orderIds: string[], skus: string[]) {
  const report = await createAuditor({ db: h.db, temporal: h.client }).audit({ orderIds, skus });
  expect(report.invariants.filter((i) => !i.passed)).toEqual([]);
}

describe('refund applications', () => {
  test('when a small return is applied for, then it is approved automatically, labelled, restocked on arrival and refunded', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 5 }, 2000);
    const { orderId } = await deliveredOrder([{ sku, quantity: 2 }]);

    const applied = await api(h, 'POST', applications(orderId), {
      applicationId: 'small-1',
      lines: [{ sku, quantity: 1 }],
      reason: 'damaged',
    });
    expect(applied).toMatchObject({ status: 202, body: { applicationId: 'small-1', amountMinor: 2000 } });
    const awaiting = await sendBack(orderId, 'small-1');
    expect(awaiting).toMatchObject({ autoApproved: true, decision: null, needsReturn: true });
    expect(awaiting.returnParcels).toEqual([
      expect.objectContaining({ warehouseId: 'wh-newark', lines: [{ sku, quantity: 1 }] }),
    ]);

    const refunded = await applicationWhen(orderId, 'small-1', (a) => a.status === 'refunded');
    expect(refunded).toMatchObject({ amountMinor: 2000, refundedMinor: 2000 });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 4, reserved: 0 } });
    expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 4000, charges: 1, refunded: 2000 });
    expect(await refundRows(orderId)).toEqual([
      expect.objectContaining({
        id: `${orderId}:application:small-1`,
        amount_minor: 2000,
        status: 'succeeded',
      }),
    ]);
    await eventually(
      () => projected(orderId, 'small-1'),
      (row) => row?.status === 'refunded',
    );
    expect((await api(h, 'GET', `/v1/orders/${orderId}`)).body.amounts).toMatchObject({
      refundedMinor: 2000,
    });
    await auditPasses([orderId], [sku]);
  });

  test('when one line of a two-parcel order is returned, then only its warehouse gets a label, only it is restocked, and its share is refunded', async () => {
    const kept = await createTestSku(h.db, { 'wh-newark': 3 }, 1500);
    const returned = await createTestSku(h.db, { 'wh-reno': 3 }, 1000);
    const { orderId, shipments } = await deliveredOrder([
      { sku: kept, quantity: 1 },
      { sku: returned, quantity: 2 },
    ]);
    expect(shipments.map((s) => s.warehouseId).sort()).toEqual(['wh-newark', 'wh-reno']);

    await api(h, 'POST', applications(orderId), {
      applicationId: 'line-1',
      lines: [{ sku: returned, quantity: 2 }],
      reason: 'wrong_item',
    });
    const awaiting = await sendBack(orderId, 'line-1');
    expect(awaiting.returnParcels).toEqual([
      expect.objectContaining({ warehouseId: 'wh-reno', lines: [{ sku: returned, quantity: 2 }] }),
    ]);
    const order = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
    expect(order.shipments.filter((s: { kind: string }) => s.kind === 'return')).toEqual([
      expect.objectContaining({ warehouseId: 'wh-reno' }),
    ]);

    await applicationWhen(orderId, 'line-1', (a) => a.status === 'refunded');
    expect(await stockOf(h.db, returned)).toEqual({ 'wh-reno': { onHand: 3, reserved: 0 } });
    expect(await stockOf(h.db, kept)).toEqual({ 'wh-newark': { onHand: 2, reserved: 0 } });
    // Authorize, then capture: each parcel was captured for its share as it left (1500 from Newark, 2000
    // from Reno), and the returned line's share of the 3500 paid is refunded from those captures.
    expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 3500, charges: 2, refunded: 2000 });
    const payment = (await api(h, 'GET', `/v1/orders/${orderId}/payment`)).body;
    expect(
      payment.captures
        .map((c: { amountMinor: number }) => c.amountMinor)
        .sort((a: number, b: number) => a - b),
    ).toEqual([1500, 2000]);
    expect(payment.amounts).toMatchObject({ capturedMinor: 3500, refundedMinor: 2000 });
    await auditPasses([orderId], [kept, returned]);
  });

  test('when a return is over the limit, then it waits for support, and once approved it is returned and refunded', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 2 }, 6000);
    const { orderId, customerId } = await deliveredOrder([{ sku, quantity: 1 }]);
    const customer = await h.credentials.as('customer', customerId);

    await rawApi(
      h,
      'POST',
      applications(orderId),
      { applicationId: 'big-1', lines: [{ sku, quantity: 1 }], reason: 'not_as_described' },
      customer,
    );
    const submitted = await applicationWhen(orderId, 'big-1', (a) => a.decisionDueAt !== null);
    expect(submitted).toMatchObject({
      status: 'submitted',
      autoApproved: false,
      filedBy: customerId,
      returnParcels: [],
    });

    const decide = (decision: string, as: Record<string, string>) =>
      rawApi(h, 'POST', `${applications(orderId)}/big-1/decision`, { decision, note: 'photos checked' }, as);
    expect((await decide('approve', customer)).status).toBe(403);
    expect((await decide('approve', await support())).status).toBe(202);
    expect((await decide('approve', await support())).status).toBe(202); // a repeat changes nothing
    expect((await decide('reject', await support())).status).toBe(409);

    await sendBack(orderId, 'big-1');
    const refunded = await applicationWhen(orderId, 'big-1', (a) => a.status === 'refunded');
    expect(refunded.decision).toMatchObject({ decision: 'approve', reviewer: 'sam', note: 'photos checked' });
    expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 6000, charges: 1, refunded: 6000 });
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 2, reserved: 0 } });
    const audit = await h.db('audit_log').where({ target_id: orderId, action: 'order.refund_decision' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: 'sam', actor_role: 'support' });
    await auditPasses([orderId], [sku]);
  });

  test('when support rejects an application, then it ends rejected with the note and no money moves', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 2 }, 2500);
    const { orderId } = await deliveredOrder([{ sku, quantity: 1 }]);
    await api(h, 'POST', applications(orderId), { applicationId: 'no-1', amountMinor: 800, reason: 'late' });
    await applicationWhen(orderId, 'no-1', (a) => a.decisionDueAt !== null);

    const path = `${applications(orderId)}/no-1/decision`;
    expect(
      (await api(h, 'POST', path, { decision: 'reject', note: 'arrived on time' }, await support())).status,
    ).toBe(202);
    const rejected = await applicationWhen(orderId, 'no-1', (a) => a.status === 'rejected');
    expect(rejected.error).toBe('rejected by sam: arrived on time');
    const approveLate = await api(h, 'POST', path, { decision: 'approve' }, await support());
    expect(approveLate).toMatchObject({ status: 409, body: { message: expect.stringMatching(/rejected/) } });
    expect(await refundRows(orderId)).toEqual([]);
    expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 2500, charges: 1, refunded: 0 });
  });

  test('when the customer keeps the goods, then even a small refund waits for approval and no return is made', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 2 }, 2000);
    const { orderId } = await deliveredOrder([{ sku, quantity: 1 }]);
    const applied = await api(h, 'POST', applications(orderId), {
      applicationId: 'keep-1',
      lines: [{ sku, quantity: 1 }],
      keepItems: true,
      reason: 'damaged',
      note: 'scratched, I will keep it',
    });
    expect(applied.body).toMatchObject({ amountMinor: 2000, needsReturn: false });
    const waiting = await applicationWhen(orderId, 'keep-1', (a) => a.decisionDueAt !== null);
    expect(waiting).toMatchObject({ status: 'submitted', autoApproved: false });
    expect(await refundRows(orderId)).toEqual([]);

    const path = `${applications(orderId)}/keep-1/decision`;
    await api(h, 'POST', path, { decision: 'approve' }, await support());
    const refunded = await applicationWhen(orderId, 'keep-1', (a) => a.status === 'refunded');
    expect(refunded.returnParcels).toEqual([]);
    const order = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
    expect(order.shipments.filter((s: { kind: string }) => s.kind === 'return')).toEqual([]);
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-newark': { onHand: 1, reserved: 0 } });
    expect(await moneyMoved(h.db, orderId)).toEqual({ charged: 2000, charges: 1, refunded: 2000 });
  });

  test('when applications arrive together for more than is refundable, then one is refused with the reason and refunds never pass the capture', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 2 }, 2000);
    const { orderId } = await deliveredOrder([{ sku, quantity: 2 }]);
    // Together: each request checks the order before either application reaches it. The API reads the
    // order's lines between its check and its signal, so holding that table stops both right there.
    const held = await h.db.transaction();
    await held.raw('LOCK TABLE order_lines IN ACCESS EXCLUSIVE MODE');
    const sent = Promise.all(
      ['race-a', 'race-b'].map((applicationId) =>
        api(h, 'POST', applications(orderId), { applicationId, amountMinor: 3000, reason: 'other' }),
      ),
    );
    await eventually(
      () =>
        h
          .db('pg_stat_activity')
          .where({ wait_event_type: 'Lock' })
          .whereLike('query', '%"sku", "quantity", "unit_price_minor" from "order_lines"%')
          .count({ n: '*' }),
      (rows) => Number(rows[0]?.n) >= 2,
    );
    await held.commit();
    const responses = await sent;
    expect(responses.map((r) => r.status)).toEqual([202, 202]);
    const both = await eventually(
      async () => (await api(h, 'GET', applications(orderId))).body.applications as Application[],
      (list) => list.length === 2 && list.every((a) => a.status === 'rejected' || a.decisionDueAt !== null),
    );
    const rejected = both.filter((a) => a.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.error).toMatch(/exceeds the refundable 1000/);
    const waiting = both.find((a) => a.status === 'submitted')!;

    const third = await api(h, 'POST', applications(orderId), {
      applicationId: 'race-c',
      amountMinor: 2000,
      reason: 'other',
    });
    expect(third).toMatchObject({ status: 409, body: { field: 'amountMinor' } });

    await api(
      h,
      'POST',
      `${applications(orderId)}/${waiting.applicationId}/decision`,
      { decision: 'approve' },
      await support(),
    );
    await applicationWhen(orderId, waiting.applicationId, (a) => a.status === 'refunded');
    const moved = await moneyMoved(h.db, orderId);
    expect(moved).toEqual({ charged: 4000, charges: 1, refunded: 3000 });
    await auditPasses([orderId], [sku]);
  });

  test('when an application is invalid or not allowed, then it answers 4xx naming the field and writes nothing', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 2 }, 2000);
    const other = await createTestSku(h.db, { 'wh-newark': 2 }, 2000);
    const notYet = await placeOrder(h, { lines: [{ sku, quantity: 1 }] });
    await orderWithStatus(h, notYet, 'shipped');
    const { orderId } = await deliveredOrder([{ sku, quantity: 1 }]);

    const cases: [string, unknown, number, string | undefined][] = [
      [orderId, { lines: [{ sku, quantity: 1 }] }, 400, 'reason'],
      [orderId, { lines: [{ sku, quantity: 1 }], reason: 'because' }, 400, 'reason'],
      [orderId, { reason: 'late' }, 400, 'lines'],
      [orderId, { lines: [{ sku, quantity: 1 }], amountMinor: 100, reason: 'late' }, 400, 'amountMinor'],
      [orderId, { amountMinor: 100, keepItems: true, reason: 'late' }, 400, 'keepItems'],
      [orderId, { lines: [{ sku, quantity: 0 }], reason: 'late' }, 400, 'lines[0].quantity'],
      [orderId, { lines: [{ sku: other, quantity: 1 }], reason: 'late' }, 400, 'lines[0].sku'],
      [orderId, { lines: [{ sku, quantity: 2 }], reason: 'late' }, 409, 'lines[0].quantity'],
      [orderId, { amountMinor: 2001, reason: 'late' }, 409, 'amountMinor'],
      [orderId, { applicationId: 'has:colon', amountMinor: 1, reason: 'late' }, 400, 'applicationId'],
      [notYet, { amountMinor: 100, reason: 'late' }, 409, undefined],
    ];
    for (const [id, body, status, field] of cases) {
      const response = await api(h, 'POST', applications(id), body);
      expect({ body, status: response.status, field: response.body.field }).toEqual({ body, status, field });
    }
    expect(await h.db('refund_applications').whereIn('order_id', [orderId, notYet])).toEqual([]);
    for (const id of [orderId, notYet]) {
      const state = await h.client.workflow.getHandle(checkoutWorkflowId(id)).query(statusQuery);
      expect(state.refundApplications ?? []).toEqual([]);
    }
    const unknown = await api(
      h,
      'POST',
      `${applications(orderId)}/nope/decision`,
      { decision: 'approve' },
      await support(),
    );
    expect(unknown.status).toBe(404);
  });

  test('when a customer applies for their own order, then it is theirs; support may file for them, audited, and a repeat is one application', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 3 }, 1000);
    const { orderId, customerId } = await deliveredOrder([{ sku, quantity: 3 }]);
    const customer = await h.credentials.as('customer', customerId);
    const own = { applicationId: 'mine-1', amountMinor: 300, reason: 'late' };
    expect((await rawApi(h, 'POST', applications(orderId), own, customer)).status).toBe(202);
    expect((await rawApi(h, 'POST', applications(orderId), own, customer)).status).toBe(202);
    const filed = { amountMinor: 200, reason: 'other', note: 'customer called' };
    const bySupport = await api(h, 'POST', applications(orderId), filed, {
      ...(await support()),
      'Idempotency-Key': 'call-7',
    });
    expect(bySupport.status).toBe(202);

    const list = await eventually(
      async () => (await rawApi(h, 'GET', applications(orderId), undefined, customer)).body.applications,
      (items: Application[]) => items.length === 2,
    );
    expect(list.map((a: Application) => [a.applicationId, a.filedBy])).toEqual([
      ['mine-1', customerId],
      [bySupport.body.applicationId, 'sam'],
    ]);
    const audit = await h.db('audit_log').where({ target_id: orderId, action: 'order.refund_application' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: 'sam' });
    const stranger = await h.credentials.as('customer', await createTestCustomer(h.db));
    expect((await rawApi(h, 'GET', `${applications(orderId)}/mine-1`, undefined, stranger)).status).toBe(404);
  });
});

describe('refund applications past their decision SLA', () => {
  let fast: Harness;
  beforeAll(async () => {
    fast = await startHarness({
      timeouts: { autoConfirmAfterMs: 120_000, returnWindowMs: 120_000, refundDecisionSlaMs: 1_000 },
    });
  });
  afterAll(() => fast.stop());

  test('when nobody decides within the SLA, then the application escalates with NeedsAttention and is not approved', async () => {
    const sku = await createTestSku(fast.db, { 'wh-newark': 2 }, 2000);
    const { orderId } = await deliveredOrder([{ sku, quantity: 1 }], fast);
    await api(fast, 'POST', applications(orderId), {
      applicationId: 'slow-1',
      amountMinor: 500,
      reason: 'late',
    });

    const escalated = await applicationWhen(orderId, 'slow-1', (a) => a.status === 'escalated', fast);
    expect(escalated.decision).toBeNull();
    const order = await eventually(
      async () => (await api(fast, 'GET', `/v1/orders/${orderId}`)).body,
      (o) => Boolean(o.needsAttention),
    );
    expect(order.needsAttention).toMatch(/refund application slow-1 waits for a decision past its SLA/);
    expect(await fast.db('refunds').where({ order_id: orderId })).toEqual([]);

    // Escalation is not an answer: a person still decides.
    await api(
      fast,
      'POST',
      `${applications(orderId)}/slow-1/decision`,
      { decision: 'approve' },
      await fast.credentials.as('support', 'sam'),
    );
    await applicationWhen(orderId, 'slow-1', (a) => a.status === 'refunded', fast);
    expect(await moneyMoved(fast.db, orderId)).toEqual({ charged: 2000, charges: 1, refunded: 500 });
  });
});
