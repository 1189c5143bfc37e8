import { allocate, type WarehouseStock } from '../../src/algorithms/allocation';
import { haversineKm } from '../../src/algorithms/geo';
import { scarcityPrices } from '../../src/algorithms/scarcity-prices';
import { allocateWave } from '../../src/algorithms/wave-allocation';

const DETROIT = { lat: 42.33, lon: -83.05 };
const DENVER = { lat: 39.74, lon: -104.99 };
const CHICAGO = { lat: 41.88, lon: -87.63 };
const NEWARK = { lat: 40.74, lon: -74.17 };
const costModel = { costPerKmPerUnit: 0.1 };

const warehouses: WarehouseStock[] = [
  { warehouseId: 'chicago', location: CHICAGO, handlingCostPerUnit: 0, available: { a: 1 } },
  { warehouseId: 'newark', location: NEWARK, handlingCostPerUnit: 0, available: { a: 50 } },
];

/** Prices for a forecast of `units` to Denver, over the given stock. */
const denverPrices = (units: number, lostSalePenalty: number, stock = warehouses) =>
  scarcityPrices({
    warehouses: stock,
    forecast: [{ destination: DENVER, sku: 'a', units }],
    costModel,
    lostSalePenalty,
  });

describe('scarcityPrices', () => {
  it('when Denver is forecast to want the only unit in Chicago, then that unit costs what Denver would pay extra from Newark', () => {
    const prices = denverPrices(1, 10_000);
    const extra = (haversineKm(NEWARK, DENVER) - haversineKm(CHICAGO, DENVER)) * 0.1;
    expect(prices.chicago?.a).toBeCloseTo(extra, 5);
    // Newark has stock to spare: one unit fewer there changes nothing.
    expect(prices.newark).toEqual({});
  });

  it('when stock covers the forecast everywhere with room to spare, then nothing has a price', () => {
    const plenty = warehouses.map((w) => ({ ...w, available: { a: 100 } }));
    expect(denverPrices(5, 500, plenty)).toEqual({ chicago: {}, newark: {} });
  });

  it('when the forecast exceeds all stock, then a unit is worth at most the lost sale it prevents', () => {
    const prices = denverPrices(80, 300);
    expect(prices.newark?.a).toBeCloseTo(300 - haversineKm(NEWARK, DENVER) * 0.1, 5);
    expect(prices.chicago?.a).toBeCloseTo(300 - haversineKm(CHICAGO, DENVER) * 0.1, 5);
  });

  it('when a forecast quantity is not a count or the penalty is negative, then it throws naming it', () => {
    expect(() =>
      scarcityPrices({
        warehouses,
        forecast: [{ destination: DENVER, sku: 'a', units: 1.5 }],
        costModel,
        lostSalePenalty: 1,
      }),
    ).toThrow('forecast[0].units must be a non-negative integer');
    expect(() => scarcityPrices({ warehouses, forecast: [], costModel, lostSalePenalty: -1 })).toThrow(
      'lostSalePenalty must be a non-negative number',
    );
  });
});

describe('optimal allocation with scarcity prices', () => {
  const order = { destination: DETROIT, lines: [{ sku: 'a', quantity: 1 }], warehouses, costModel };
  const prices = denverPrices(1, 10_000);

  it('when Detroit orders alone, then without prices it takes Chicago, and with them it leaves Chicago for Denver', () => {
    expect(allocate('optimal', order)).toMatchObject({ picks: [{ warehouseId: 'chicago' }] });
    const priced = allocate('optimal', { ...order, scarcityPrices: prices });
    expect(priced).toMatchObject({ picks: [{ warehouseId: 'newark' }] });
    // The reported cost stays the true shipping cost; the price only steered the choice.
    expect(priced.status === 'allocated' && priced.cost).toBeCloseTo(haversineKm(NEWARK, DETROIT) * 0.1, 5);
  });

  it('when a wave carries the prices, then it also leaves Chicago for Denver and reports the true cost', () => {
    const wave = allocateWave({
      orders: [{ orderId: 'detroit', ...order }],
      warehouses,
      costModel,
      scarcityPrices: prices,
    });
    expect(wave.orders[0]).toMatchObject({ status: 'allocated', picks: [{ warehouseId: 'newark' }] });
    expect(wave.cost).toBeCloseTo(haversineKm(NEWARK, DETROIT) * 0.1, 5);
  });

  it('when nearest allocates, then scarcity prices change nothing', () => {
    expect(allocate('nearest', { ...order, scarcityPrices: prices })).toEqual(allocate('nearest', order));
  });

  it('when a scarcity price is negative, then it throws naming the warehouse and SKU', () => {
    expect(() => allocate('optimal', { ...order, scarcityPrices: { chicago: { a: -1 } } })).toThrow(
      'scarcityPrices of a at warehouse chicago must be a number from 0',
    );
  });
});
