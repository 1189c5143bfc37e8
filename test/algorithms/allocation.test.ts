import fc from 'fast-check';
import {
  allocate,
  allocateAndCompare,
  AllocationStrategy,
  type AllocationPick,
  type AllocationRequest,
  type WarehouseStock,
} from '../../src/algorithms/allocation';
import { haversineKm } from '../../src/algorithms/geo';

const POTSDAM = { lat: 52.3906, lon: 13.0645 };
const BERLIN = { lat: 52.52, lon: 13.405 };
const LEIPZIG = { lat: 51.3397, lon: 12.3731 };
const HAMBURG = { lat: 53.5511, lon: 9.9937 };

function warehouse(
  warehouseId: string,
  location: { lat: number; lon: number },
  available: Record<string, number>,
  handlingCostPerUnit = 0,
): WarehouseStock {
  return { warehouseId, location, handlingCostPerUnit, available };
}

function request(overrides: Partial<AllocationRequest>): AllocationRequest {
  return {
    destination: POTSDAM,
    lines: [],
    warehouses: [],
    costModel: { costPerKmPerUnit: 0.1 },
    ...overrides,
  };
}

/** A true cost as the allocator keeps it: exact to a millionth of a cost unit. */
const trueUnitCost = (costUnits: number): number => Math.round(costUnits * 1e6) / 1e6;

function picked(
  result: ReturnType<typeof allocate>,
): Pick<AllocationPick, 'sku' | 'warehouseId' | 'quantity'>[] {
  if (result.status !== 'allocated') throw new Error(`expected an allocation, got ${result.status}`);
  return result.picks.map(({ sku, warehouseId, quantity }) => ({ sku, warehouseId, quantity }));
}

describe('allocate', () => {
  const warehouses = [
    warehouse('hamburg', HAMBURG, { mug: 50 }),
    warehouse('berlin', BERLIN, { mug: 3, pen: 10 }),
    warehouse('leipzig', LEIPZIG, { mug: 4 }),
  ];

  it('when the nearest warehouse has enough stock, then nearest takes everything from it', () => {
    const result = allocate('nearest', request({ lines: [{ sku: 'pen', quantity: 4 }], warehouses }));
    expect(picked(result)).toEqual([{ sku: 'pen', warehouseId: 'berlin', quantity: 4 }]);
  });

  it('when the nearest warehouse runs short, then nearest splits across the next nearest in distance order', () => {
    const result = allocate('nearest', request({ lines: [{ sku: 'mug', quantity: 9 }], warehouses }));
    expect(picked(result)).toEqual([
      { sku: 'mug', warehouseId: 'berlin', quantity: 3 },
      { sku: 'mug', warehouseId: 'leipzig', quantity: 4 },
      { sku: 'mug', warehouseId: 'hamburg', quantity: 2 },
    ]);
  });

  it('when lines repeat a SKU, then they are merged into one demand in first-seen order', () => {
    const result = allocate(
      'nearest',
      request({
        lines: [
          { sku: 'pen', quantity: 1 },
          { sku: 'mug', quantity: 2 },
          { sku: 'pen', quantity: 2 },
        ],
        warehouses,
      }),
    );
    expect(picked(result)).toEqual([
      { sku: 'pen', warehouseId: 'berlin', quantity: 3 },
      { sku: 'mug', warehouseId: 'berlin', quantity: 2 },
    ]);
  });

  it('when reporting a pick, then its unit cost is the true distance cost (to a millionth) plus handling', () => {
    const withHandling = [warehouse('berlin', BERLIN, { pen: 10 }, 7)];
    const result = allocate(
      'nearest',
      request({ lines: [{ sku: 'pen', quantity: 2 }], warehouses: withHandling }),
    );
    const distanceKm = haversineKm(BERLIN, POTSDAM);
    expect(result).toEqual({
      status: 'allocated',
      strategy: 'nearest',
      picks: [
        {
          sku: 'pen',
          warehouseId: 'berlin',
          quantity: 2,
          distanceKm,
          unitCost: trueUnitCost(distanceKm * 0.1 + 7),
        },
      ],
      cost: 2 * trueUnitCost(distanceKm * 0.1 + 7),
      parcels: 1,
    });
  });

  it('when a farther warehouse is cheaper after handling costs, then optimal uses it and nearest does not', () => {
    const pricey = [
      warehouse('berlin', BERLIN, { pen: 10 }, 100),
      warehouse('hamburg', HAMBURG, { pen: 10 }, 0),
    ];
    const lines = [{ sku: 'pen', quantity: 5 }];
    expect(picked(allocate('nearest', request({ lines, warehouses: pricey })))).toEqual([
      { sku: 'pen', warehouseId: 'berlin', quantity: 5 },
    ]);
    expect(picked(allocate('optimal', request({ lines, warehouses: pricey })))).toEqual([
      { sku: 'pen', warehouseId: 'hamburg', quantity: 5 },
    ]);
  });

  it('when two warehouses round to the same whole cost, then optimal takes the truly cheaper, nearer one', () => {
    // 0.19 km and 2.36 km away: both cost 0 whole units per unit at 0.1 per km, but not in truth.
    const near = { lat: POTSDAM.lat + 0.19 / 111.195, lon: POTSDAM.lon };
    const far = { lat: POTSDAM.lat - 2.36 / 111.195, lon: POTSDAM.lon };
    const tied = [warehouse('a-far', far, { pen: 5 }), warehouse('z-near', near, { pen: 5 })];
    const result = allocate('optimal', request({ lines: [{ sku: 'pen', quantity: 3 }], warehouses: tied }));
    expect(picked(result)).toEqual([{ sku: 'pen', warehouseId: 'z-near', quantity: 3 }]);
    expect(result.status === 'allocated' && result.cost).toBeCloseTo(3 * haversineKm(near, POTSDAM) * 0.1, 5);
  });

  it('when unit costs tie exactly, then optimal breaks the tie by true distance', () => {
    const tied = [warehouse('a', HAMBURG, { pen: 5 }, 0), warehouse('b', BERLIN, { pen: 5 }, 0)];
    const free = request({
      lines: [{ sku: 'pen', quantity: 2 }],
      warehouses: tied,
      costModel: { costPerKmPerUnit: 0 },
    });
    expect(picked(allocate('optimal', free))).toEqual([{ sku: 'pen', warehouseId: 'b', quantity: 2 }]);
  });

  it('when a parcel costs more than a split saves, then optimal ships one parcel from a dearer warehouse', () => {
    const stock = [
      warehouse('berlin', BERLIN, { pen: 2, mug: 0 }),
      warehouse('leipzig', LEIPZIG, { mug: 2 }),
      warehouse('hamburg', HAMBURG, { pen: 2, mug: 2 }),
    ].map((w) => ({ ...w, parcelCost: 100 }));
    const lines = [
      { sku: 'pen', quantity: 2 },
      { sku: 'mug', quantity: 2 },
    ];
    const withoutParcels = allocate(
      'optimal',
      request({ lines, warehouses: stock.map((w) => ({ ...w, parcelCost: 0 })) }),
    );
    expect(withoutParcels).toMatchObject({ parcels: 2 });
    const result = allocate(
      'optimal',
      request({ lines, warehouses: stock, costModel: { costPerKmPerUnit: 0.1, splitPenalty: 10 } }),
    );
    expect(picked(result)).toEqual([
      { sku: 'pen', warehouseId: 'hamburg', quantity: 2 },
      { sku: 'mug', warehouseId: 'hamburg', quantity: 2 },
    ]);
    expect(result).toMatchObject({
      parcels: 1,
      cost: 4 * trueUnitCost(haversineKm(HAMBURG, POTSDAM) * 0.1) + 100,
    });
    const nearest = allocate(
      'nearest',
      request({ lines, warehouses: stock, costModel: { costPerKmPerUnit: 0.1, splitPenalty: 10 } }),
    );
    expect(nearest).toMatchObject({ parcels: 2 });
  });

  it('when the cheapest warehouse cannot cover a line, then optimal splits it with the next cheapest', () => {
    const result = allocate('optimal', request({ lines: [{ sku: 'mug', quantity: 6 }], warehouses }));
    expect(picked(result)).toEqual([
      { sku: 'mug', warehouseId: 'berlin', quantity: 3 },
      { sku: 'mug', warehouseId: 'leipzig', quantity: 3 },
    ]);
  });

  it('when total stock of some SKUs is short, then both strategies report every shortage', () => {
    for (const strategy of Object.values(AllocationStrategy)) {
      const result = allocate(
        strategy,
        request({
          lines: [
            { sku: 'mug', quantity: 60 },
            { sku: 'pen', quantity: 1 },
            { sku: 'cap', quantity: 2 },
          ],
          warehouses,
        }),
      );
      expect(result).toEqual({
        status: 'insufficient',
        strategy,
        shortages: [
          { sku: 'mug', missing: 3 },
          { sku: 'cap', missing: 2 },
        ],
      });
    }
  });

  it('when the destination is unknown, then every distance is zero and ties go to the smaller warehouse id', () => {
    const result = allocate(
      'nearest',
      request({ destination: null, lines: [{ sku: 'mug', quantity: 2 }], warehouses }),
    );
    expect(result).toMatchObject({
      status: 'allocated',
      picks: [{ sku: 'mug', warehouseId: 'berlin', quantity: 2, distanceKm: 0, unitCost: 0 }],
    });
  });

  it('when a SKU is named like an Object.prototype member, then it is treated as out of stock', () => {
    const result = allocate('optimal', request({ lines: [{ sku: 'constructor', quantity: 1 }], warehouses }));
    expect(result).toMatchObject({ status: 'insufficient', shortages: [{ sku: 'constructor', missing: 1 }] });
  });

  it.each([
    ['a zero quantity', { lines: [{ sku: 'pen', quantity: 0 }] }, 'quantity must be a positive integer'],
    [
      'negative stock',
      { warehouses: [warehouse('w', BERLIN, { pen: -1 })] },
      'stock of pen must be a non-negative integer',
    ],
    [
      'a duplicate warehouse',
      { warehouses: [warehouse('w', BERLIN, {}), warehouse('w', BERLIN, {})] },
      'appears more than once',
    ],
    [
      'a fractional handling cost',
      { warehouses: [warehouse('w', BERLIN, {}, 0.5)] },
      'handlingCostPerUnit must be a non-negative integer',
    ],
    [
      'a negative cost per km',
      { costModel: { costPerKmPerUnit: -1 } },
      'costPerKmPerUnit must be a non-negative number',
    ],
    [
      'a negative parcel cost',
      { warehouses: [{ ...warehouse('w', BERLIN, {}), parcelCost: -1 }] },
      'warehouse w parcelCost must be a number from 0',
    ],
    [
      'a split penalty that is not a number',
      { costModel: { costPerKmPerUnit: 0.1, splitPenalty: Number.NaN } },
      'splitPenalty must be a number from 0',
    ],
    [
      'an impossible latitude',
      { destination: { lat: 91, lon: 0 } },
      'destination must have lat in [-90, 90]',
    ],
  ])('when given %s, then it throws a clear error', (_, overrides, message) => {
    expect(() => allocate('optimal', request(overrides))).toThrow(message);
  });
});

describe('allocateAndCompare', () => {
  it('when both strategies succeed, then it returns the chosen allocation and the alternative cost', () => {
    const warehouses = [
      warehouse('berlin', BERLIN, { pen: 10 }, 100),
      warehouse('hamburg', HAMBURG, { pen: 10 }),
    ];
    const req = request({ lines: [{ sku: 'pen', quantity: 5 }], warehouses });
    const { chosen, alternative } = allocateAndCompare('optimal', req);
    expect(chosen).toEqual(allocate('optimal', req));
    expect(alternative).toEqual({
      strategy: 'nearest',
      cost: 5 * trueUnitCost(haversineKm(BERLIN, POTSDAM) * 0.1 + 100),
    });
  });

  it('when stock is short, then the alternative cost is null', () => {
    const req = request({ lines: [{ sku: 'pen', quantity: 5 }], warehouses: [] });
    expect(allocateAndCompare('nearest', req).alternative).toEqual({ strategy: 'optimal', cost: null });
  });
});

/** What picks truly cost, from raw distances: units, each warehouse's parcel and the split penalty. */
function trueCostOf(req: AllocationRequest, picks: AllocationPick[]): number {
  const used = new Set(picks.map((p) => p.warehouseId));
  const byId = new Map(req.warehouses.map((w) => [w.warehouseId, w]));
  let cost = (req.costModel.splitPenalty ?? 0) * Math.max(0, used.size - 1);
  for (const id of used) cost += byId.get(id)?.parcelCost ?? 0;
  for (const { warehouseId, quantity } of picks) {
    const w = byId.get(warehouseId) as WarehouseStock;
    const km = req.destination ? haversineKm(w.location, req.destination) : 0;
    cost += quantity * (km * req.costModel.costPerKmPerUnit + w.handlingCostPerUnit);
  }
  return cost;
}

/** Independent optimum: one destination per SKU, so filling from the lowest unit cost up is optimal. */
function cheapestFirstCost(req: AllocationRequest): number {
  const wanted = new Map<string, number>();
  for (const { sku, quantity } of req.lines) wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);
  let cost = 0;
  for (const [sku, quantity] of wanted) {
    const offers = req.warehouses
      .map((w) => ({
        units: w.available[sku] ?? 0,
        unitCost:
          (req.destination ? haversineKm(w.location, req.destination) : 0) * req.costModel.costPerKmPerUnit +
          w.handlingCostPerUnit,
      }))
      .sort((a, b) => a.unitCost - b.unitCost);
    let remaining = quantity;
    for (const { units, unitCost } of offers) {
      const taken = Math.min(units, remaining);
      cost += taken * unitCost;
      remaining -= taken;
    }
  }
  return cost;
}

describe('allocation properties', () => {
  const skus = ['a', 'b', 'c'];
  const point = fc.record({
    lat: fc.double({ min: 45, max: 55, noNaN: true }),
    lon: fc.double({ min: 5, max: 15, noNaN: true }),
  });
  const requests: fc.Arbitrary<AllocationRequest> = fc.record({
    destination: fc.option(point, { nil: null, freq: 5 }),
    lines: fc.array(fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 1, max: 12 }) }), {
      minLength: 1,
      maxLength: 5,
    }),
    warehouses: fc.uniqueArray(
      fc.record({
        warehouseId: fc.constantFrom('w1', 'w2', 'w3', 'w4', 'w5', 'w6'),
        location: point,
        handlingCostPerUnit: fc.integer({ min: 0, max: 30 }),
        available: fc.dictionary(fc.constantFrom(...skus), fc.integer({ min: 0, max: 10 })),
      }),
      { selector: (w) => w.warehouseId, minLength: 1, maxLength: 6 },
    ),
    costModel: fc.record({ costPerKmPerUnit: fc.constantFrom(0, 0.05, 0.1, 0.37, 1) }),
  });

  it('when both strategies allocate from the same stock, then optimal is never dearer than nearest on true cost', () => {
    fc.assert(
      fc.property(requests, (req) => {
        const nearest = allocate('nearest', req);
        const optimal = allocate('optimal', req);
        expect(optimal.status).toBe(nearest.status);
        if (nearest.status === 'allocated' && optimal.status === 'allocated') {
          // Costs are exact sums of millionths, so the comparison needs no tolerance...
          expect(optimal.cost).toBeLessThanOrEqual(nearest.cost);
          // ...and on the unrounded true cost, optimal is within a millionth per unit of the true optimum.
          const units = req.lines.reduce((total, { quantity }) => total + quantity, 0);
          expect(Math.abs(optimal.cost - cheapestFirstCost(req))).toBeLessThanOrEqual(units * 1e-6);
          expect(trueCostOf(req, optimal.picks)).toBeLessThanOrEqual(
            trueCostOf(req, nearest.picks) + units * 1e-6,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when parcels and splits cost money, then optimal is still never dearer than nearest, parcels included', () => {
    const priced = requests.chain((req) =>
      fc
        .record({
          parcelCosts: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 6, maxLength: 6 }),
          splitPenalty: fc.integer({ min: 0, max: 200 }),
        })
        .map(({ parcelCosts, splitPenalty }) => ({
          ...req,
          warehouses: req.warehouses.map((w, i) => ({ ...w, parcelCost: parcelCosts[i] as number })),
          costModel: { ...req.costModel, splitPenalty },
        })),
    );
    fc.assert(
      fc.property(priced, (req) => {
        const nearest = allocate('nearest', req);
        const optimal = allocate('optimal', req);
        if (nearest.status !== 'allocated' || optimal.status !== 'allocated') return;
        expect(optimal.cost).toBeLessThanOrEqual(nearest.cost);
        expect(optimal.parcels).toBe(new Set(optimal.picks.map((p) => p.warehouseId)).size);
        expect(nearest.parcels).toBe(new Set(nearest.picks.map((p) => p.warehouseId)).size);
      }),
      { numRuns: 300 },
    );
  });

  it('when allocating, then picks meet demand exactly, respect stock and appear once per SKU and warehouse', () => {
    fc.assert(
      fc.property(requests, fc.constantFrom(...Object.values(AllocationStrategy)), (req, strategy) => {
        const result = allocate(strategy, req);
        if (result.status !== 'allocated') return;
        const wanted = new Map<string, number>();
        for (const { sku, quantity } of req.lines) wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);
        const got = new Map<string, number>();
        const keys = new Set<string>();
        let cost = 0;
        for (const pick of result.picks) {
          const stock =
            req.warehouses.find((w) => w.warehouseId === pick.warehouseId)?.available[pick.sku] ?? 0;
          expect(pick.quantity).toBeGreaterThan(0);
          expect(pick.quantity).toBeLessThanOrEqual(stock);
          expect(keys.has(`${pick.sku}@${pick.warehouseId}`)).toBe(false);
          keys.add(`${pick.sku}@${pick.warehouseId}`);
          got.set(pick.sku, (got.get(pick.sku) ?? 0) + pick.quantity);
          cost += pick.quantity * pick.unitCost;
        }
        expect(got).toEqual(wanted);
        expect(result.cost).toBeCloseTo(cost, 6);
        expect(allocate(strategy, req)).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });
});
