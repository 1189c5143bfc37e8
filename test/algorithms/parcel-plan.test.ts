import fc from 'fast-check';
import { allocate, type AllocationRequest } from '../../src/algorithms/allocation';
import { loadHighsRuntime, type HighsRuntime } from './support/highs-transportation';
import { fixedChargeOptimum } from './support/highs-fixed-charge';

let highs: HighsRuntime;
beforeAll(async () => {
  highs = await loadHighsRuntime();
});

const skus = ['a', 'b', 'c', 'd'];
const point = fc.record({
  lat: fc.double({ min: 30, max: 48, noNaN: true }),
  lon: fc.double({ min: -120, max: -72, noNaN: true }),
});
/** Random orders of up to four SKUs over up to seven warehouses, with parcel costs and a split penalty. */
const pricedOrders: fc.Arbitrary<AllocationRequest> = fc.record({
  destination: fc.option(point, { nil: null, freq: 8 }),
  lines: fc.array(fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 1, max: 9 }) }), {
    minLength: 1,
    maxLength: 5,
  }),
  warehouses: fc.uniqueArray(
    fc.record({
      warehouseId: fc.constantFrom('w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7'),
      location: point,
      handlingCostPerUnit: fc.integer({ min: 0, max: 40 }),
      parcelCost: fc.integer({ min: 0, max: 600 }),
      available: fc.dictionary(fc.constantFrom(...skus), fc.integer({ min: 0, max: 8 })),
    }),
    { selector: (w) => w.warehouseId, minLength: 1, maxLength: 7 },
  ),
  costModel: fc.record({
    costPerKmPerUnit: fc.constantFrom(0, 0.1, 0.37),
    splitPenalty: fc.integer({ min: 0, max: 300 }),
  }),
});

describe('optimal allocation with parcel costs', () => {
  it("when orders are random, then subset enumeration's cost equals HiGHS's mixed-integer optimum", () => {
    let compared = 0;
    fc.assert(
      fc.property(pricedOrders, (req) => {
        const ours = allocate('optimal', req);
        const reference = fixedChargeOptimum(highs, [req], req.warehouses, req.costModel);
        expect(ours.status === 'allocated').toBe(reference !== null);
        if (ours.status !== 'allocated' || reference === null) return;
        compared += 1;
        const units = req.lines.reduce((total, { quantity }) => total + quantity, 0);
        // Our unit costs are exact to a millionth; HiGHS works in doubles with its own tolerances.
        expect(Math.abs(ours.cost - reference)).toBeLessThanOrEqual(
          units * 1e-6 + 1e-6 * Math.max(1, reference),
        );
      }),
      { numRuns: 250, seed: 1212 },
    );
    // Most random orders are fillable, so the comparison is not vacuous.
    expect(compared).toBeGreaterThan(100);
  });
});
