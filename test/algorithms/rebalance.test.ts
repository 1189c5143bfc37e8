import fc from 'fast-check';
import { haversineKm } from '../../src/algorithms/geo';
import { proposeRebalancing, type RebalanceSite } from '../../src/algorithms/rebalance';
import {
  loadHighsRuntime,
  solveWithHighs,
  transportationLp,
  type HighsRuntime,
} from './support/highs-transportation';

const BERLIN = { lat: 52.52, lon: 13.405 };
const POTSDAM = { lat: 52.3906, lon: 13.0645 };
const MUNICH = { lat: 48.1351, lon: 11.582 };
const AUGSBURG = { lat: 48.3705, lon: 10.8978 };

function site(
  warehouseId: string,
  location: { lat: number; lon: number },
  surplus: Record<string, number>,
  shortfall: Record<string, number> = {},
): RebalanceSite {
  return { warehouseId, location, surplus, shortfall };
}

const costModel = { costPerKmPerUnit: 0.1 };
const unitCost = (a: { lat: number; lon: number }, b: { lat: number; lon: number }): number =>
  Math.round(haversineKm(a, b) * costModel.costPerKmPerUnit);

/**
 * Reference minimum cost for one SKU from HiGHS. When surplus falls short the problem is solved transposed
 * (shortfall sites as capacities, surplus sites as demands that must all be met), which is the same
 * "move everything available at least cost" problem in standard transportation form.
 */
function highsRebalanceCost(highs: HighsRuntime, sites: RebalanceSite[], sku: string): number {
  const net = sites.map((s) => (s.surplus[sku] ?? 0) - (s.shortfall[sku] ?? 0));
  const givers = sites.filter((_, k) => (net[k] as number) > 0);
  const takers = sites.filter((_, k) => (net[k] as number) < 0);
  if (givers.length === 0 || takers.length === 0) return 0;
  const supply = net.filter((v) => v > 0);
  const demand = net.filter((v) => v < 0).map((v) => -v);
  const cost = givers.map((g) => takers.map((t) => unitCost(g.location, t.location)));
  const enough = supply.reduce((a, b) => a + b, 0) >= demand.reduce((a, b) => a + b, 0);
  const problem = enough
    ? { supply, demand, cost }
    : {
        supply: demand,
        demand: supply,
        cost: takers.map((_, d) => givers.map((_, s) => (cost[s] as number[])[d] as number)),
      };
  const outcome = solveWithHighs(highs, transportationLp(problem));
  if (outcome.status !== 'optimal') throw new Error('reference problem should be feasible');
  return outcome.objective;
}

describe('proposeRebalancing', () => {
  let highs: HighsRuntime;
  beforeAll(async () => {
    highs = await loadHighsRuntime();
  });

  it('when two surplus sites can serve two shortfalls, then each shortfall is served from its near neighbour', () => {
    const plan = proposeRebalancing(
      [
        site('berlin', BERLIN, { mug: 5 }),
        site('munich', MUNICH, { mug: 5 }),
        site('potsdam', POTSDAM, {}, { mug: 4 }),
        site('augsburg', AUGSBURG, {}, { mug: 4 }),
      ],
      costModel,
    );
    expect(
      plan.transfers.map(({ fromWarehouseId, toWarehouseId, quantity }) => [
        fromWarehouseId,
        toWarehouseId,
        quantity,
      ]),
    ).toEqual([
      ['berlin', 'potsdam', 4],
      ['munich', 'augsburg', 4],
    ]);
    expect(plan.totalCost).toBe(4 * unitCost(BERLIN, POTSDAM) + 4 * unitCost(MUNICH, AUGSBURG));
    expect(plan.unmet).toEqual([]);
  });

  it('when surplus cannot cover every shortfall, then all of it moves and the dearest shortfall stays unmet', () => {
    const plan = proposeRebalancing(
      [
        site('berlin', BERLIN, { mug: 5 }),
        site('potsdam', POTSDAM, {}, { mug: 4 }),
        site('munich', MUNICH, {}, { mug: 3 }),
      ],
      costModel,
    );
    expect(plan.transfers).toEqual([
      {
        sku: 'mug',
        fromWarehouseId: 'berlin',
        toWarehouseId: 'munich',
        quantity: 1,
        distanceKm: haversineKm(BERLIN, MUNICH),
        cost: unitCost(BERLIN, MUNICH),
      },
      {
        sku: 'mug',
        fromWarehouseId: 'berlin',
        toWarehouseId: 'potsdam',
        quantity: 4,
        distanceKm: haversineKm(BERLIN, POTSDAM),
        cost: 4 * unitCost(BERLIN, POTSDAM),
      },
    ]);
    expect(plan.unmet).toEqual([{ sku: 'mug', warehouseId: 'munich', missing: 2 }]);
  });

  it('when a site has both surplus and shortfall of a SKU, then they are netted before any transfer', () => {
    const plan = proposeRebalancing(
      [site('berlin', BERLIN, { mug: 5 }, { mug: 2 }), site('potsdam', POTSDAM, {}, { mug: 3 })],
      costModel,
    );
    expect(plan.transfers).toHaveLength(1);
    expect(plan.transfers[0]).toMatchObject({
      fromWarehouseId: 'berlin',
      toWarehouseId: 'potsdam',
      quantity: 3,
    });
  });

  it('when no site lacks anything, then nothing moves', () => {
    expect(proposeRebalancing([site('berlin', BERLIN, { mug: 5 })], costModel)).toEqual({
      transfers: [],
      totalCost: 0,
      unmet: [],
    });
  });

  it('when given a negative surplus, then it throws a clear error', () => {
    expect(() => proposeRebalancing([site('berlin', BERLIN, { mug: -1 })], costModel)).toThrow(
      'site berlin surplus of mug must be a non-negative integer, got -1',
    );
  });

  it('when sites are random, then transfers respect surplus and shortfall, move as much as possible and cost what HiGHS finds', () => {
    const point = fc.record({
      lat: fc.double({ min: 47, max: 55, noNaN: true }),
      lon: fc.double({ min: 6, max: 15, noNaN: true }),
    });
    const units = fc.dictionary(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 9 }));
    const sites = fc.uniqueArray(
      fc.record({
        warehouseId: fc.constantFrom('s1', 's2', 's3', 's4', 's5'),
        location: point,
        surplus: units,
        shortfall: units,
      }),
      { selector: (s) => s.warehouseId, maxLength: 5 },
    );
    fc.assert(
      fc.property(sites, (input) => {
        const plan = proposeRebalancing(input, costModel);
        for (const sku of ['a', 'b']) {
          const net = new Map(
            input.map((s) => [s.warehouseId, (s.surplus[sku] ?? 0) - (s.shortfall[sku] ?? 0)]),
          );
          const moved = plan.transfers.filter((t) => t.sku === sku);
          for (const { warehouseId } of input) {
            const out = moved
              .filter((t) => t.fromWarehouseId === warehouseId)
              .reduce((n, t) => n + t.quantity, 0);
            const into = moved
              .filter((t) => t.toWarehouseId === warehouseId)
              .reduce((n, t) => n + t.quantity, 0);
            const missing =
              plan.unmet.find((u) => u.sku === sku && u.warehouseId === warehouseId)?.missing ?? 0;
            const balance = net.get(warehouseId) as number;
            expect(out).toBeLessThanOrEqual(Math.max(0, balance));
            expect(into + missing).toBe(Math.max(0, -balance));
          }
          const totalSurplus = [...net.values()].reduce((n, v) => n + Math.max(0, v), 0);
          const totalShortfall = [...net.values()].reduce((n, v) => n + Math.max(0, -v), 0);
          expect(moved.reduce((n, t) => n + t.quantity, 0)).toBe(Math.min(totalSurplus, totalShortfall));
        }
        expect(plan.totalCost).toBe(plan.transfers.reduce((n, t) => n + t.cost, 0));
        const referenceCost = highsRebalanceCost(highs, input, 'a') + highsRebalanceCost(highs, input, 'b');
        expect(plan.totalCost).toBeCloseTo(referenceCost, 6);
      }),
      { numRuns: 200 },
    );
  });
});
