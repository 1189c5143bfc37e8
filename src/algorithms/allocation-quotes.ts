import { haversineKm, type GeoPoint } from './geo';
import { compareStrings } from './order';

/**
 * Costs are kept in integer millionths of a cost unit ("micros"). Rounding a distance cost to whole units
 * made warehouses 0.19 km and 2.36 km away cost the same, so the optimum picked between them at random;
 * at a millionth the rounding error is below any real price difference, sums stay exact integers, and
 * remaining ties are broken by true distance.
 */
export const COST_SCALE = 1_000_000;

/** One warehouse's location, integer handling cost per unit, per-parcel cost and units available per SKU. */
export interface WarehouseStock {
  warehouseId: string;
  location: GeoPoint;
  handlingCostPerUnit: number;
  /** Fixed cost of one parcel from this warehouse (its carrier's rate), in cost units; 0 when absent. */
  parcelCost?: number;
  available: Record<string, number>;
}

/** Shipping cost per kilometre per unit (may be fractional), and a penalty for each parcel beyond the first. */
export interface AllocationCostModel {
  costPerKmPerUnit: number;
  /** Cost units added per extra parcel when an order is split; 0 when absent. */
  splitPenalty?: number;
}

/** Per warehouse id, per SKU: what one unit of that stock is worth to later orders, in cost units. */
export type ScarcityPrices = Record<string, Record<string, number>>;

/** A warehouse priced for one destination, in micros. */
export interface Quote {
  warehouse: WarehouseStock;
  distanceKm: number;
  unitCostMicros: number;
  parcelCostMicros: number;
  /** Scarcity price per unit by SKU (empty when none): weighed when choosing, never part of the true cost. */
  premiumMicros: Record<string, number>;
}

/** Prices every warehouse for the destination, nearest first (ties by id). */
export function quoteWarehouses(
  destination: GeoPoint | null,
  warehouses: readonly WarehouseStock[],
  costModel: AllocationCostModel,
  scarcityPrices: ScarcityPrices = {},
): Quote[] {
  return warehouses
    .map((warehouse) => {
      const distanceKm = destination === null ? 0 : haversineKm(warehouse.location, destination);
      return {
        warehouse,
        distanceKm,
        unitCostMicros: unitCostMicros(distanceKm, warehouse.handlingCostPerUnit, costModel),
        parcelCostMicros: toMicros(warehouse.parcelCost ?? 0),
        premiumMicros: Object.fromEntries(
          Object.entries(
            Object.hasOwn(scarcityPrices, warehouse.warehouseId)
              ? (scarcityPrices[warehouse.warehouseId] ?? {})
              : {},
          ).map(([sku, price]) => [sku, toMicros(price)]),
        ),
      };
    })
    .sort(nearerFirst);
}

/** Cost of shipping one unit from a warehouse `distanceKm` away, in micros (exact to a millionth). */
export function unitCostMicros(
  distanceKm: number,
  handlingCostPerUnit: number,
  costModel: AllocationCostModel,
): number {
  return toMicros(distanceKm * costModel.costPerKmPerUnit) + toMicros(handlingCostPerUnit);
}

/** Cost units to micros. */
export function toMicros(costUnits: number): number {
  return Math.round(costUnits * COST_SCALE);
}

/** Micros back to cost units. */
export function fromMicros(micros: number): number {
  return micros / COST_SCALE;
}

/** Nearest first, ties by warehouse id: the `nearest` strategy's order. */
export function nearerFirst(a: Quote, b: Quote): number {
  return a.distanceKm - b.distanceKm || compareStrings(a.warehouse.warehouseId, b.warehouse.warehouseId);
}

/** Cheapest unit cost first, ties by true distance, then id: the order an exact fill takes stock in. */
export function cheaperFirst(a: Quote, b: Quote): number {
  return a.unitCostMicros - b.unitCostMicros || nearerFirst(a, b);
}

/** Units recorded for a SKU; own keys only, so a SKU named like an Object.prototype member reads 0. */
export function unitsOf(units: Record<string, number>, sku: string): number {
  return Object.hasOwn(units, sku) ? (units[sku] as number) : 0;
}

/** Units of the SKU the quoted warehouse holds. */
export function stockOf(quote: Quote, sku: string): number {
  return unitsOf(quote.warehouse.available, sku);
}

/** The quote's scarcity price for a SKU, in micros (0 when none). */
export function premiumOf(quote: Quote, sku: string): number {
  return unitsOf(quote.premiumMicros, sku);
}
