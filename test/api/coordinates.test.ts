import { randomUUID } from 'node:crypto';
import { activitiesOf } from '../support/activities';
import { createTestCustomer, createTestSku } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, eventually, placeOrder } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

// Test customers live in New York (40.73, -73.99); the Reno warehouse is at (39.53, -119.81).
const NEW_YORK = { lat: 40.73, lon: -73.99 };
const RENO = { lat: 39.5296, lon: -119.8138 };
const address = (postalCode: string, city: string, claimed?: { lat: number; lon: number }) => ({
  name: 'Pat Example',
  line1: '1 Main St',
  city,
  postalCode,
  country: 'US',
  ...claimed,
});

/** Places an order for a customer of its own and waits until its risk and allocation are known. */
async function assessed(overrides: Record<string, unknown>) {
  const orderId = await placeOrder(h, overrides);
  return eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => order?.risk != null && order?.allocation != null,
  );
}

describe('coordinates come from the postal code, never from the client', () => {
  test('when a client claims lat/lon at the customer’s usual place for a far-away address, then the risk is the same as without them', async () => {
    const [claimed, plain, nearHome] = await Promise.all([
      assessed({ shippingAddress: address('90012', 'Los Angeles', NEW_YORK) }),
      assessed({ shippingAddress: address('90012', 'Los Angeles') }),
      assessed({ shippingAddress: address('10001', 'New York') }),
    ]);
    expect(claimed.risk.score).toBe(plain.risk.score);
    expect(claimed.risk.reasons).toEqual(plain.risk.reasons);
    // The distance the postal code gives does count: the same order near home scores lower.
    expect(nearHome.risk.score).toBeLessThan(plain.risk.score);
    expect(claimed.shippingAddress).not.toHaveProperty('lat');
  });

  test('when a client claims lat/lon next to a warehouse, then the allocation is the one its postal code gives', async () => {
    const sku = await createTestSku(h.db, { 'wh-newark': 10, 'wh-reno': 10 });
    const lines = [{ sku, quantity: 1 }];
    const [claimed, plain] = await Promise.all([
      assessed({ lines, shippingAddress: address('10001', 'New York', RENO) }),
      assessed({ lines, shippingAddress: address('10001', 'New York') }),
    ]);
    const warehouses = (order: { allocation: { picks: { warehouseId: string }[] } }) =>
      order.allocation.picks.map((p) => p.warehouseId);
    expect(warehouses(plain)).toEqual(['wh-newark']);
    expect(warehouses(claimed)).toEqual(['wh-newark']);
    expect(claimed.allocation.cost).toBe(plain.allocation.cost);
  });

  test('when a run started before coordinates were dropped still carries client lat/lon, then the risk activity ignores them', async () => {
    const customerId = await createTestCustomer(h.db);
    const assess = (shippingAddress: ReturnType<typeof address>) =>
      activitiesOf(h).assessRisk({
        orderId: randomUUID(),
        customerId,
        amountMinor: 3998,
        currency: 'USD',
        shippingAddress,
        lines: [{ sku: 'TSHIRT-BLK-M', quantity: 2 }],
        paymentToken: 'tok_visa',
      });
    const claimed = await assess(address('90012', 'Los Angeles', NEW_YORK));
    const plain = await assess(address('90012', 'Los Angeles'));
    expect(claimed).toEqual(plain);
    expect(claimed.score).toBeGreaterThan((await assess(address('10001', 'New York'))).score);
  });
});
