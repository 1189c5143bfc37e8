import fc from 'fast-check';
import { reorderPoint, sesErrorStdDev, simpleExponentialSmoothing } from '../../src/algorithms/forecast';
import { sbaErrorStdDev, syntetosBoylan } from '../../src/algorithms/intermittent-demand';
import { haversineKm } from '../../src/algorithms/geo';
import {
  assessStock,
  buildStockSites,
  computeStockAlerts,
  MIN_SES_OBSERVATIONS,
  type StockAssessment,
  type StockSite,
  type WarehouseLocation,
} from '../../src/algorithms/stock-alerts';

const NEWARK = { lat: 40.7357, lon: -74.1724 };
const CHICAGO = { lat: 41.8781, lon: -87.6298 };
const RENO = { lat: 39.5296, lon: -119.8138 };
const WAREHOUSES: WarehouseLocation[] = [
  { warehouseId: 'wh-newark', location: NEWARK },
  { warehouseId: 'wh-chicago', location: CHICAGO },
  { warehouseId: 'wh-reno', location: RENO },
];
const PARAMS = { serviceLevel: 0.95, leadTimeDays: 3 };
const PARAMS_ROP = { leadTime: PARAMS.leadTimeDays, serviceLevel: PARAMS.serviceLevel };
const COST_MODEL = { costPerKmPerUnit: 0.1 };
const unitCost = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) =>
  Math.round(haversineKm(a, b) * COST_MODEL.costPerKmPerUnit);

const days = (count: number, units: number): number[] => new Array<number>(count).fill(units);
const alternating = (count: number, low: number, high: number): number[] =>
  Array.from({ length: count }, (_, t) => (t % 2 === 0 ? low : high));

function site(
  sku: string,
  warehouseId: string,
  onHand: number,
  dailySales: number[],
  reserved = 0,
): StockSite {
  return { sku, warehouseId, onHand, reserved, dailySales };
}

function report(sites: StockSite[]) {
  return computeStockAlerts({ sites, warehouses: WAREHOUSES, ...PARAMS, costModel: COST_MODEL });
}

describe('buildStockSites', () => {
  test('when days have no sales, then the series holds zeros for them, oldest day first', () => {
    const sites = buildStockSites({
      lookbackDays: 5,
      sales: [
        { sku: 'A', warehouseId: 'wh-newark', daysAgo: 0, units: 4 },
        { sku: 'A', warehouseId: 'wh-newark', daysAgo: 3, units: 2 },
        { sku: 'A', warehouseId: 'wh-newark', daysAgo: 3, units: 1 },
      ],
      stock: [
        { sku: 'A', warehouseId: 'wh-newark', onHand: 9, reserved: 2 },
        { sku: 'A', warehouseId: 'wh-chicago', onHand: 7, reserved: 0 },
      ],
    });
    expect(sites).toEqual([
      { sku: 'A', warehouseId: 'wh-chicago', onHand: 7, reserved: 0, dailySales: [0, 0, 0, 0, 0] },
      { sku: 'A', warehouseId: 'wh-newark', onHand: 9, reserved: 2, dailySales: [0, 3, 0, 0, 4] },
    ]);
  });

  test('when a SKU sold at a warehouse without a stock row, then it is a site with no stock', () => {
    const sites = buildStockSites({
      lookbackDays: 2,
      sales: [{ sku: 'B', warehouseId: 'wh-reno', daysAgo: 1, units: 5 }],
      stock: [],
    });
    expect(sites).toEqual([{ sku: 'B', warehouseId: 'wh-reno', onHand: 0, reserved: 0, dailySales: [5, 0] }]);
  });

  test.each([
    ['a day outside the window', { daysAgo: 2, units: 1 }],
    ['a negative day', { daysAgo: -1, units: 1 }],
    ['fractional units', { daysAgo: 0, units: 1.5 }],
  ])('when sales name %s, then it throws', (_, sale) => {
    expect(() =>
      buildStockSites({ lookbackDays: 2, sales: [{ sku: 'A', warehouseId: 'w', ...sale }], stock: [] }),
    ).toThrow();
  });

  test('when a stock row appears twice, then it throws', () => {
    const row = { sku: 'A', warehouseId: 'w', onHand: 1, reserved: 0 };
    expect(() => buildStockSites({ lookbackDays: 2, sales: [], stock: [row, row] })).toThrow(/twice/);
  });
});

describe('assessStock', () => {
  test('when stock covers less than the lead time at a steady pace, then the alert is critical', () => {
    const assessment = assessStock(site('A', 'wh-newark', 20, days(28, 10)), PARAMS);
    expect(assessment).toMatchObject({
      available: 20,
      severity: 'critical',
      method: 'ses',
      demandStdDev: 0,
      daysOfCover: expect.closeTo(2, 9),
      forecastDailyDemand: expect.closeTo(10, 9),
      meanDailyDemand: 10,
      leadTimeDemand: expect.closeTo(30, 9),
      reorderPoint: expect.closeTo(30, 9),
    });
  });

  test('when available stock exactly equals lead-time demand, then the alert is still critical', () => {
    expect(assessStock(site('A', 'wh-newark', 30, days(28, 10)), PARAMS).severity).toBe('critical');
  });

  test('when reserved units leave too little available, then the alert fires on available stock', () => {
    const assessment = assessStock(site('A', 'wh-newark', 100, days(28, 10), 80), PARAMS);
    expect(assessment).toMatchObject({ onHand: 100, reserved: 80, available: 20, severity: 'critical' });
  });

  test('when stock is past lead-time demand but under the reorder point, then the alert is a warning', () => {
    const series = alternating(28, 5, 15);
    const probe = assessStock(site('A', 'wh-newark', 0, series), PARAMS);
    // The SES fit of 5, 15, 5, … (28 days) is a flat level of 10 (α = 0), so every one-step error is ±5:
    // σ = √(28·25 / 27), the same as the sample standard deviation here.
    expect(probe.demandStdDev).toBeCloseTo(Math.sqrt((28 * 25) / 27), 12);
    expect(probe.reorderPoint).toBeCloseTo(
      reorderPoint({
        meanDemand: probe.forecastDailyDemand,
        demandStdDev: probe.demandStdDev,
        ...PARAMS_ROP,
      }),
      12,
    );
    const between = Math.floor(probe.leadTimeDemand) + 1;
    expect(between).toBeLessThan(probe.reorderPoint);
    expect(assessStock(site('A', 'wh-newark', between, series), PARAMS).severity).toBe('warning');
    expect(assessStock(site('A', 'wh-newark', Math.ceil(probe.reorderPoint), series), PARAMS).severity).toBe(
      null,
    );
  });

  test('when stock covers the reorder point, then there is no alert', () => {
    const assessment = assessStock(site('A', 'wh-newark', 500, alternating(28, 5, 15)), PARAMS);
    expect(assessment.severity).toBeNull();
    expect(assessment.daysOfCover).toBeGreaterThan(40);
  });

  test('when a SKU never sold, then it never alerts, even with nothing in stock', () => {
    for (const onHand of [0, 50]) {
      const assessment = assessStock(site('A', 'wh-newark', onHand, days(28, 0)), PARAMS);
      expect(assessment).toMatchObject({
        severity: null,
        forecastDailyDemand: 0,
        reorderPoint: 0,
        daysOfCover: null,
      });
    }
  });

  test('when sales recently jumped, then the forecast follows the new level rather than the mean', () => {
    const series = [...days(21, 2), ...days(7, 20)];
    const assessment = assessStock(site('A', 'wh-newark', 40, series), PARAMS);
    expect(assessment.meanDailyDemand).toBeCloseTo(6.5, 12);
    expect(assessment.forecastDailyDemand).toBeGreaterThan(15);
    // 40 units would cover the mean's 19.5 lead-time units; the recent pace empties them first.
    expect(assessment.severity).toBe('critical');
  });

  test('when sales rise steadily, then σ comes from the SES one-step errors, not the spread around the mean', () => {
    const series = Array.from({ length: 28 }, (_, day) => 10 + day);
    const assessment = assessStock(site('A', 'wh-newark', 0, series), PARAMS);
    const fit = simpleExponentialSmoothing(series);
    expect(assessment.method).toBe('ses');
    expect(assessment.demandStdDev).toBeCloseTo(sesErrorStdDev(fit), 12);
    const spread = Math.sqrt(series.reduce((total, y) => total + (y - 23.5) ** 2, 0) / 27);
    expect(assessment.demandStdDev).toBeLessThan(spread / 3);
    expect(assessment.reorderPoint).toBeCloseTo(
      reorderPoint({
        meanDemand: assessment.forecastDailyDemand,
        demandStdDev: assessment.demandStdDev,
        alpha: fit.alpha,
        ...PARAMS_ROP,
      }),
      9,
    );
  });

  test('when most days sell nothing, then the forecast is Croston–SBA, chosen by the share of zero days', () => {
    const series = Array.from({ length: 28 }, (_, day) => (day % 4 === 3 ? 8 : 0));
    const assessment = assessStock(site('A', 'wh-newark', 5, series), PARAMS);
    const fit = syntetosBoylan(series);
    expect(assessment).toMatchObject({ method: 'sba' });
    expect(assessment.forecastDailyDemand).toBeCloseTo(fit.forecast, 12);
    // About 8 units every 4 days, less SBA's bias correction of α/2: near 1.9 a day, not SES's chase of the spikes.
    expect(assessment.forecastDailyDemand).toBeGreaterThan(1.5);
    expect(assessment.forecastDailyDemand).toBeLessThan(2.1);
    expect(assessment.demandStdDev).toBeCloseTo(sbaErrorStdDev(fit), 12);
    // A series with a fifth of zero days stays with SES.
    const steady = Array.from({ length: 28 }, (_, day) => (day % 5 === 0 ? 0 : 4));
    expect(assessStock(site('A', 'wh-newark', 5, steady), PARAMS).method).toBe('ses');
  });

  test('when the window is shorter than the smoothing minimum, then the forecast is the mean', () => {
    const series = [1, 2, 3, 6];
    expect(series.length).toBeLessThan(MIN_SES_OBSERVATIONS);
    const assessment = assessStock(site('A', 'wh-newark', 100, series), PARAMS);
    expect(assessment).toMatchObject({
      method: 'moving-average',
      forecastDailyDemand: 3,
      meanDailyDemand: 3,
    });
  });

  test('when the window is a single day, then the standard deviation is zero', () => {
    expect(assessStock(site('A', 'wh-newark', 1, [4]), PARAMS)).toMatchObject({
      demandStdDev: 0,
      forecastDailyDemand: 4,
      severity: 'critical',
    });
  });
});

describe('computeStockAlerts', () => {
  test('when one warehouse runs short, then the cheapest surplus warehouse is proposed to refill it', () => {
    const result = report([
      site('A', 'wh-newark', 5, days(28, 10)),
      site('A', 'wh-chicago', 100, days(28, 0)),
      site('A', 'wh-reno', 100, days(28, 0)),
    ]);
    expect(result.alerts.map((a) => [a.warehouseId, a.severity])).toEqual([['wh-newark', 'critical']]);
    const shortfall = Math.ceil((result.alerts[0]?.reorderPoint as number) - 5 - 1e-9);
    expect(shortfall).toBe(25);
    expect(result.proposals).toEqual([
      {
        sku: 'A',
        fromWarehouseId: 'wh-chicago',
        toWarehouseId: 'wh-newark',
        quantity: 25,
        distanceKm: haversineKm(CHICAGO, NEWARK),
        cost: 25 * unitCost(CHICAGO, NEWARK),
      },
    ]);
    expect(result.unmet).toEqual([]);
  });

  test('when a warehouse sells too, then only the stock above its own reorder point is surplus', () => {
    // Chicago sells 2 a day: reorder point 6, so 10 on hand spares 4 of Newark's 25.
    const result = report([
      site('A', 'wh-newark', 5, days(28, 10)),
      site('A', 'wh-chicago', 10, days(28, 2)),
      site('A', 'wh-reno', 100, days(28, 0)),
    ]);
    expect(result.proposals.map((p) => [p.fromWarehouseId, p.toWarehouseId, p.quantity])).toEqual([
      ['wh-chicago', 'wh-newark', 4],
      ['wh-reno', 'wh-newark', 21],
    ]);
  });

  test('when surplus cannot cover the shortfall, then all of it moves and the rest is unmet', () => {
    const result = report([
      site('A', 'wh-newark', 5, days(28, 10)),
      site('A', 'wh-chicago', 10, days(28, 0)),
    ]);
    expect(result.proposals.map((p) => [p.fromWarehouseId, p.quantity])).toEqual([['wh-chicago', 10]]);
    expect(result.unmet).toEqual([{ sku: 'A', warehouseId: 'wh-newark', missing: 15 }]);
  });

  test('when two sites are alerted, then neither gives stock to the other', () => {
    const result = report([
      site('A', 'wh-newark', 5, days(28, 10)),
      site('A', 'wh-chicago', 25, days(28, 10)),
    ]);
    expect(result.alerts).toHaveLength(2);
    expect(result.proposals).toEqual([]);
    expect(result.unmet.map((u) => [u.warehouseId, u.missing])).toEqual([
      ['wh-chicago', 5],
      ['wh-newark', 25],
    ]);
  });

  test('when no site is alerted, then there are no alerts and no proposals', () => {
    const result = report([site('A', 'wh-newark', 200, days(28, 10)), site('B', 'wh-reno', 3, days(28, 0))]);
    expect(result).toEqual({ alerts: [], proposals: [], unmet: [] });
  });

  test('when surplus of one SKU exists, then it never refills another SKU', () => {
    const result = report([
      site('A', 'wh-newark', 5, days(28, 10)),
      site('B', 'wh-chicago', 100, days(28, 0)),
    ]);
    expect(result.proposals).toEqual([]);
    expect(result.unmet).toEqual([{ sku: 'A', warehouseId: 'wh-newark', missing: 25 }]);
  });

  test.each([
    ['a service level of 1', { serviceLevel: 1 }, /serviceLevel/],
    ['a zero lead time', { leadTimeDays: 0 }, /leadTimeDays/],
    ['a negative cost per km', { costModel: { costPerKmPerUnit: -1 } }, /costPerKmPerUnit/],
  ])('when given %s, then it throws naming it', (_, override, message) => {
    expect(() =>
      computeStockAlerts({
        sites: [],
        warehouses: WAREHOUSES,
        ...PARAMS,
        costModel: COST_MODEL,
        ...override,
      }),
    ).toThrow(message);
  });

  test('when a site needing a transfer has no known location, then it throws', () => {
    expect(() =>
      computeStockAlerts({
        sites: [site('A', 'wh-elsewhere', 5, days(28, 10)), site('A', 'wh-reno', 100, days(28, 0))],
        warehouses: WAREHOUSES,
        ...PARAMS,
        costModel: COST_MODEL,
      }),
    ).toThrow(/wh-elsewhere/);
  });

  test('when sites are random, then proposals only move surplus to alerted sites within their limits', () => {
    const ids = WAREHOUSES.map((w) => w.warehouseId);
    const siteArb = fc.record({
      sku: fc.constantFrom('A', 'B'),
      warehouseId: fc.constantFrom(...ids),
      onHand: fc.integer({ min: 0, max: 200 }),
      dailySales: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 30 }),
    });
    const key = (sku: string, warehouseId: string): string => `${sku}/${warehouseId}`;
    const addTo = (units: Map<string, number>, at: string, quantity: number) =>
      units.set(at, (units.get(at) ?? 0) + quantity);
    fc.assert(
      fc.property(
        fc.uniqueArray(siteArb, { selector: (s) => key(s.sku, s.warehouseId), maxLength: 6 }),
        (raw) => {
          const sites = raw.map((s) => ({ ...s, reserved: 0 }));
          const result = report(sites);
          const assessments = new Map<string, StockAssessment>(
            sites.map((s) => [key(s.sku, s.warehouseId), assessStock(s, PARAMS)]),
          );
          const alerted = [...assessments].filter(([, a]) => a.severity !== null).map(([at]) => at);
          expect(result.alerts.map((a) => key(a.sku, a.warehouseId))).toEqual(alerted.sort());
          const given = new Map<string, number>();
          const taken = new Map<string, number>();
          for (const p of result.proposals) {
            expect(assessments.get(key(p.sku, p.fromWarehouseId))?.severity).toBeNull();
            expect(assessments.get(key(p.sku, p.toWarehouseId))?.severity).not.toBeNull();
            addTo(given, key(p.sku, p.fromWarehouseId), p.quantity);
            addTo(taken, key(p.sku, p.toWarehouseId), p.quantity);
          }
          for (const [at, units] of given) {
            const a = assessments.get(at) as StockAssessment;
            expect(units).toBeLessThanOrEqual(a.available - a.reorderPoint + 1e-9);
          }
          for (const [at, units] of taken) {
            const a = assessments.get(at) as StockAssessment;
            expect(units).toBeLessThanOrEqual(Math.ceil(a.reorderPoint - a.available - 1e-9));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
