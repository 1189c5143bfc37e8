import { activitiesOf } from '../support/activities';
import { createTestOrderRow, createTestSku, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, eventually, placeOrder } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const ENDS = ['shipped', 'failed'];

test('when N checkouts race for K < N units, then exactly K succeed and stock is never over-reserved', async () => {
  const N = 8;
  const sku = await createTestSku(h.db, { 'wh-newark': 2, 'wh-reno': 1 });
  const K = 3;

  const orderIds = await Promise.all(
    Array.from({ length: N }, () => placeOrder(h, { lines: [{ sku, quantity: 1 }] })),
  );
  const violations: unknown[] = [];
  const statuses = await eventually(
    async () => {
      for (const row of await h.db('inventory').where({ sku })) {
        if (row.reserved < 0 || row.reserved > row.on_hand) violations.push(row);
      }
      return Promise.all(
        orderIds.map(async (id) => (await api(h, 'GET', `/v1/orders/${id}`)).body.status as string),
      );
    },
    (all) => all.every((status) => ENDS.includes(status)),
    60_000,
  );

  expect(violations).toEqual([]);
  expect(statuses.filter((s) => s === 'shipped')).toHaveLength(K);
  expect(statuses.filter((s) => s === 'failed')).toHaveLength(N - K);
  expect(await stockOf(h.db, sku)).toEqual({
    'wh-newark': { onHand: 2, reserved: 2 },
    'wh-reno': { onHand: 1, reserved: 1 },
  });
  const reserved = await h
    .db('reservations')
    .whereIn('order_id', orderIds)
    .where({ status: 'reserved' })
    .sum({ units: 'quantity' })
    .first();
  expect(Number(reserved?.units)).toBe(K);
});

test('when 30 reservations race for 10 units across warehouses, then exactly 10 hold stock and the rest are out of stock', async () => {
  const sku = await createTestSku(h.db, { 'wh-newark': 6, 'wh-reno': 4 });
  const orders = await Promise.all(Array.from({ length: 30 }, () => createTestOrderRow(h.db, sku, 1)));
  const acts = activitiesOf(h);
  const outcomes = await Promise.allSettled(
    orders.map((orderId) =>
      acts.reserveStock({
        orderId,
        strategy: 'nearest',
        shippingAddress: {
          name: 'A',
          line1: 'x',
          city: 'y',
          postalCode: 'z',
          country: 'US',
          lat: 40.7,
          lon: -74,
        },
        lines: [{ sku, quantity: 1 }],
      }),
    ),
  );
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  expect(outcomes.length - failures.length).toBe(10);
  expect(new Set(failures.map((f) => (f.reason as { type?: string }).type))).toEqual(new Set(['OutOfStock']));
  expect(await stockOf(h.db, sku)).toEqual({
    'wh-newark': { onHand: 6, reserved: 6 },
    'wh-reno': { onHand: 4, reserved: 4 },
  });
});
