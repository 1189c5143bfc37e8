import fc from 'fast-check';
import { allocate, type AllocationRequest, type WarehouseStock } from '../../src/algorithms/allocation';
import { haversineKm } from '../../src/algorithms/geo';
import { allocateWave, type WaveOrder, type WaveRequest } from '../../src/algorithms/wave-allocation';
import { loadHighsRuntime, type HighsRuntime } from './support/highs-transportation';
import { fixedChargeOptimum } from './support/highs-fixed-charge';

let highs: HighsRuntime;
beforeAll(async () => {
  highs = await loadHighsRuntime();
});

const DETROIT = { lat: 42.33, lon: -83.05 };
const DENVER = { lat: 39.74, lon: -104.99 };
const CHICAGO = { lat: 41.88, lon: -87.63 };
const NEWARK = { lat: 40.74, lon: -74.17 };

/** Orders allocated one at a time in arrival order, each from the stock the earlier ones left. */
function oneAtATime({ orders, warehouses, costModel }: WaveRequest): { cost: number; filled: number } {
  const stock = warehouses.map((w) => ({ ...w, available: { ...w.available } }));
  let cost = 0;
  let filled = 0;
  for (const { destination, lines } of orders) {
    const result = allocate('optimal', { destination, lines, warehouses: stock, costModel });
    if (result.status !== 'allocated') continue;
    cost += result.cost;
    filled += 1;
    for (const pick of result.picks) {
      const w = stock.find((candidate) => candidate.warehouseId === pick.warehouseId) as WarehouseStock;
      w.available[pick.sku] = (w.available[pick.sku] as number) - pick.quantity;
    }
  }
  return { cost, filled };
}

const skus = ['a', 'b', 'c'];
const point = fc.record({
  lat: fc.double({ min: 30, max: 48, noNaN: true }),
  lon: fc.double({ min: -120, max: -72, noNaN: true }),
});
function waves(parcelCosts: boolean): fc.Arbitrary<WaveRequest> {
  const cost = (max: number) => (parcelCosts ? fc.integer({ min: 0, max }) : fc.constant(0));
  return fc.record({
    orders: fc.array(
      fc.record({
        orderId: fc.uuid(),
        destination: point as fc.Arbitrary<WaveOrder['destination']>,
        lines: fc.array(
          fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 1, max: 4 }) }),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    warehouses: fc.uniqueArray(
      fc.record({
        warehouseId: fc.constantFrom('w1', 'w2', 'w3', 'w4', 'w5'),
        location: point,
        handlingCostPerUnit: fc.integer({ min: 0, max: 30 }),
        parcelCost: cost(300),
        available: fc.dictionary(fc.constantFrom(...skus), fc.integer({ min: 0, max: 6 })),
      }),
      { selector: (w) => w.warehouseId, minLength: 1, maxLength: 5 },
    ),
    costModel: fc.record({ costPerKmPerUnit: fc.constantFrom(0.1, 0.37), splitPenalty: cost(150) }),
  });
}

/** The filled orders of a wave, as a batch for the mixed-integer program. */
function filledBatch(request: WaveRequest, result: ReturnType<typeof allocateWave>): AllocationRequest[] {
  return request.orders
    .filter((_, index) => result.orders[index]?.status === 'allocated')
    .map(({ destination, lines }) => ({
      destination,
      lines,
      warehouses: request.warehouses,
      costModel: request.costModel,
    }));
}

describe('allocateWave', () => {
  it('when one order would take the only cheap stock another needs, then the wave gives each the stock that suits the pair', () => {
    const request: WaveRequest = {
      orders: [
        { orderId: 'detroit', destination: DETROIT, lines: [{ sku: 'a', quantity: 1 }] },
        { orderId: 'denver', destination: DENVER, lines: [{ sku: 'a', quantity: 1 }] },
      ],
      warehouses: [
        { warehouseId: 'chicago', location: CHICAGO, handlingCostPerUnit: 0, available: { a: 1 } },
        { warehouseId: 'newark', location: NEWARK, handlingCostPerUnit: 0, available: { a: 1 } },
      ],
      costModel: { costPerKmPerUnit: 0.1 },
    };
    const wave = allocateWave(request);
    expect(
      wave.orders.map((o) => (o.status === 'allocated' ? o.picks.map((p) => p.warehouseId) : [])),
    ).toEqual([['newark'], ['chicago']]);
    const expected = (haversineKm(NEWARK, DETROIT) + haversineKm(CHICAGO, DENVER)) * 0.1;
    expect(wave.cost).toBeCloseTo(expected, 5);
    expect(wave.cost).toBeLessThan(oneAtATime(request).cost);
  });

  it('when stock runs out within a wave, then later orders are refused first come, first served, with their shortages', () => {
    const wave = allocateWave({
      orders: [
        { orderId: 'first', destination: DENVER, lines: [{ sku: 'a', quantity: 2 }] },
        { orderId: 'second', destination: DETROIT, lines: [{ sku: 'a', quantity: 2 }] },
        { orderId: 'third', destination: DETROIT, lines: [{ sku: 'a', quantity: 1 }] },
      ],
      warehouses: [
        { warehouseId: 'chicago', location: CHICAGO, handlingCostPerUnit: 0, available: { a: 3 } },
      ],
      costModel: { costPerKmPerUnit: 0.1 },
    });
    expect(wave.orders.map((o) => o.status)).toEqual(['allocated', 'insufficient', 'allocated']);
    expect(wave.orders[1]).toEqual({
      orderId: 'second',
      status: 'insufficient',
      shortages: [{ sku: 'a', missing: 1 }],
    });
    expect(wave.parcels).toBe(2);
  });

  it('when parcels are free, then the wave cost equals the exact batch optimum from HiGHS', () => {
    fc.assert(
      fc.property(waves(false), (request) => {
        const wave = allocateWave(request);
        const batch = filledBatch(request, wave);
        if (batch.length === 0) return;
        const optimum = fixedChargeOptimum(highs, batch, request.warehouses, request.costModel) as number;
        expect(Math.abs(wave.cost - optimum)).toBeLessThanOrEqual(1e-4);
      }),
      { numRuns: 120, seed: 77 },
    );
  });

  it('when parcels cost money, then the wave fills what one-at-a-time fills, never costs more, and is never below the MIP optimum', () => {
    let gapSum = 0;
    let compared = 0;
    fc.assert(
      fc.property(waves(true), (request) => {
        const wave = allocateWave(request);
        const alone = oneAtATime(request);
        expect(wave.orders.filter((o) => o.status === 'allocated')).toHaveLength(alone.filled);
        expect(wave.cost).toBeLessThanOrEqual(alone.cost + 1e-6);
        const batch = filledBatch(request, wave);
        if (batch.length === 0) return;
        const optimum = fixedChargeOptimum(highs, batch, request.warehouses, request.costModel) as number;
        expect(wave.cost).toBeGreaterThanOrEqual(optimum - 1e-4);
        gapSum += (wave.cost - optimum) / Math.max(1, optimum);
        compared += 1;
      }),
      { numRuns: 120, seed: 78 },
    );
    // The heuristic's mean gap to the exact optimum on these random waves stays small.
    expect(compared).toBeGreaterThan(50);
    expect(gapSum / compared).toBeLessThan(0.02);
  });

  it('when allocating a wave, then picks meet each filled order exactly and never take more than the shared stock', () => {
    fc.assert(
      fc.property(waves(true), (request) => {
        const wave = allocateWave(request);
        const taken = new Map<string, number>();
        wave.orders.forEach((result, index) => {
          if (result.status !== 'allocated') return;
          const wanted = new Map<string, number>();
          for (const { sku, quantity } of (request.orders[index] as WaveOrder).lines)
            wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);
          const got = new Map<string, number>();
          for (const pick of result.picks) {
            got.set(pick.sku, (got.get(pick.sku) ?? 0) + pick.quantity);
            const key = `${pick.warehouseId}/${pick.sku}`;
            taken.set(key, (taken.get(key) ?? 0) + pick.quantity);
          }
          expect(got).toEqual(wanted);
          expect(result.parcels).toBe(new Set(result.picks.map((p) => p.warehouseId)).size);
        });
        for (const [key, units] of taken) {
          const [id, sku] = key.split('/') as [string, string];
          const w = request.warehouses.find((candidate) => candidate.warehouseId === id) as WarehouseStock;
          expect(units).toBeLessThanOrEqual(w.available[sku] as number);
        }
        expect(allocateWave(request)).toEqual(wave);
      }),
      { numRuns: 150 },
    );
  });
});
