import type { ReserveStockInput } from '../../activities/reservations';
import type { AllocationSummary } from '../../src/domain/checkout';
import { activitiesOf } from '../support/activities';
import { createTestOrderRow, createTestSku, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { orderWithStatus, placeOrder } from '../support/http';

const WAVE = { windowMs: 400, maxOrders: 50 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ allocationWave: WAVE });
});
afterAll(() => h.stop());

/** The inventory activities with waves on (or off), as the worker builds them. */
const inventory = (wave?: typeof WAVE) =>
  activitiesOf(h, { costPerKmPerUnit: 0.1, splitPenalty: 0, ...(wave ? { wave } : {}) });

const address = (postalCode: string) => ({
  name: 'A',
  line1: '1 Main St',
  city: 'X',
  postalCode,
  country: 'US',
});

async function request(sku: string, postalCode: string): Promise<ReserveStockInput> {
  return {
    orderId: await createTestOrderRow(h.db, sku, 1),
    strategy: 'optimal',
    shippingAddress: address(postalCode),
    lines: [{ sku, quantity: 1 }],
  };
}

const totalCost = (summaries: AllocationSummary[]) => summaries.reduce((sum, s) => sum + s.cost, 0);

test('when two orders compete for the one cheap unit, then a wave gives it to the order that saves more, unlike one at a time', async () => {
  // Harrisburg (171) and New York (100) both prefer Newark; New York gains far more from it.
  const alone = await createTestSku(h.db, { 'wh-newark': 1, 'wh-chicago': 1 });
  const first = await inventory().reserveStock(await request(alone, '17101'));
  const second = await inventory().reserveStock(await request(alone, '10001'));
  expect(first.picks[0]!.warehouseId).toBe('wh-newark');

  const together = await createTestSku(h.db, { 'wh-newark': 1, 'wh-chicago': 1 });
  const [harrisburg, newYork] = await Promise.all([
    inventory(WAVE).reserveStock(await request(together, '17101')),
    inventory(WAVE).reserveStock(await request(together, '10001')),
  ]);
  expect(newYork!.picks[0]!.warehouseId).toBe('wh-newark');
  expect(harrisburg!.picks[0]!.warehouseId).toBe('wh-chicago');
  expect(harrisburg!.wave).toEqual({ waveId: newYork!.wave!.waveId, orders: 2 });
  expect(totalCost([harrisburg!, newYork!])).toBeLessThan(totalCost([first, second]) - 40);
  expect(await stockOf(h.db, together)).toEqual({
    'wh-newark': { onHand: 1, reserved: 1 },
    'wh-chicago': { onHand: 1, reserved: 1 },
  });
});

test('when ten orders wave for four units, then exactly four are reserved and six fail out of stock, and a retry answers the same', async () => {
  const sku = await createTestSku(h.db, { 'wh-dallas': 4 });
  const requests = await Promise.all(Array.from({ length: 10 }, () => request(sku, '75201')));
  const outcomes = await Promise.allSettled(requests.map((r) => inventory(WAVE).reserveStock(r)));
  const failed = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
  expect(failed).toHaveLength(6);
  for (const { reason } of failed) expect(reason).toMatchObject({ type: 'OutOfStock', nonRetryable: true });
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-dallas': { onHand: 4, reserved: 4 } });

  const retried = await Promise.allSettled(requests.map((r) => inventory(WAVE).reserveStock(r)));
  expect(retried.map((o) => o.status)).toEqual(outcomes.map((o) => o.status));
  expect(await stockOf(h.db, sku)).toEqual({ 'wh-dallas': { onHand: 4, reserved: 4 } });
});

test('when no wave comes in time (the wave lock is held), then the order leaves the queue and is allocated alone', async () => {
  const sku = await createTestSku(h.db, { 'wh-reno': 2 });
  const input = await request(sku, '89501');
  const summary = await h.db.transaction(async (blocker) => {
    await blocker.raw("SELECT pg_advisory_xact_lock(hashtext('allocation-wave'))");
    return inventory(WAVE).reserveStock(input);
  });
  expect(summary.wave).toBeUndefined();
  expect(summary.picks).toEqual([expect.objectContaining({ warehouseId: 'wh-reno', quantity: 1 })]);
  expect(await h.db('allocation_wave_requests').where({ order_id: input.orderId }).first('status')).toEqual({
    status: 'alone',
  });
});

test('when checkouts run with ALLOCATION_MODE=wave, then concurrent orders ship, allocated in one wave', async () => {
  const sku = await createTestSku(h.db, { 'wh-chicago': 5, 'wh-dallas': 5 });
  const started = Date.now();
  const orderIds = await Promise.all(
    Array.from({ length: 3 }, () =>
      placeOrder(h, { lines: [{ sku, quantity: 1 }], allocationStrategy: 'optimal' }),
    ),
  );
  const shipped = await Promise.all(orderIds.map((id) => orderWithStatus(h, id, 'shipped')));
  for (const order of shipped)
    expect(order.allocation.wave).toEqual({ waveId: expect.any(String), orders: expect.any(Number) });
  expect(Math.max(...shipped.map((order) => order.allocation.wave.orders))).toBeGreaterThanOrEqual(2);
  // The wave's price in latency is its window: no order is reserved before the window has passed.
  expect(Date.now() - started).toBeGreaterThanOrEqual(WAVE.windowMs);
});
