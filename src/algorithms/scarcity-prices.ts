import {
  fromMicros,
  quoteWarehouses,
  toMicros,
  unitsOf,
  type AllocationCostModel,
  type ScarcityPrices,
  type WarehouseStock,
} from './allocation-quotes';
import type { GeoPoint } from './geo';
import { requireCount } from './numbers';
import { solveTransportation } from './transportation';

/** Units of a SKU expected to be ordered to a destination before the stock is replenished. */
export interface ForecastDemand {
  destination: GeoPoint;
  sku: string;
  units: number;
}

/**
 * Scarcity prices from a forecast-demand transportation problem: for each SKU, warehouses' stock against
 * the forecast demand per destination, with a lost-sale source at `lostSalePenalty` per unit so that a
 * forecast beyond stock stays solvable. A warehouse's price for a SKU is what the forecast's optimal cost
 * rises by when that warehouse holds one unit fewer: the value, to later orders, of the unit an order would
 * take now. (That is the stock constraint's dual price, taken as the left derivative, which is unique where
 * the simplex's own duals are not.) Zero where stock is plentiful; up to the penalty where it is scarce.
 */
export function scarcityPrices({
  warehouses,
  forecast,
  costModel,
  lostSalePenalty,
}: {
  warehouses: readonly WarehouseStock[];
  forecast: readonly ForecastDemand[];
  costModel: AllocationCostModel;
  lostSalePenalty: number;
}): ScarcityPrices {
  forecast.forEach(({ units }, index) => requireCount(units, `forecast[${index}].units`));
  if (!Number.isFinite(lostSalePenalty) || lostSalePenalty < 0)
    throw new Error(`lostSalePenalty must be a non-negative number, got ${lostSalePenalty}`);
  const penaltyMicros = toMicros(lostSalePenalty);
  const prices: ScarcityPrices = Object.fromEntries(warehouses.map((w) => [w.warehouseId, {}]));
  for (const sku of new Set(forecast.map((demand) => demand.sku))) {
    const wanted = forecast.filter((demand) => demand.sku === sku && demand.units > 0);
    if (wanted.length === 0) continue;
    // Row per warehouse (its unit cost to each destination), then the lost-sale row.
    const costs = warehouses.map((_, w) =>
      wanted.map(
        ({ destination }) =>
          quoteWarehouses(destination, [warehouses[w] as WarehouseStock], costModel)[0]
            ?.unitCostMicros as number,
      ),
    );
    costs.push(wanted.map(() => penaltyMicros));
    const demand = wanted.map(({ units }) => units);
    const supply = [...warehouses.map((w) => unitsOf(w.available, sku)), demand.reduce((a, b) => a + b, 0)];
    const optimum = (units: number[]): number => {
      const result = solveTransportation({ supply: units, demand, cost: costs });
      if (result.status !== 'optimal') throw new Error('the lost-sale source always covers the forecast');
      return result.totalCost;
    };
    const base = optimum(supply);
    warehouses.forEach((w, index) => {
      if ((supply[index] as number) === 0) return;
      const fewer = supply.map((units, k) => (k === index ? units - 1 : units));
      const price = fromMicros(optimum(fewer) - base);
      if (price > 0) (prices[w.warehouseId] as Record<string, number>)[sku] = price;
    });
  }
  return prices;
}
