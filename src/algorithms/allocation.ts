import {
  fromMicros,
  nearerFirst,
  quoteWarehouses,
  stockOf,
  toMicros,
  type AllocationCostModel,
  type Quote,
  type ScarcityPrices,
  type WarehouseStock,
} from './allocation-quotes';
import { requireGeoPoint, type GeoPoint } from './geo';
import { requireCount } from './numbers';
import { cheapestPlan, fillInOrder, planOf, type AllocationLine, type ParcelPlan } from './parcel-plan';

export type { GeoPoint } from './geo';
export type { AllocationCostModel, ScarcityPrices, WarehouseStock } from './allocation-quotes';
export type { AllocationLine } from './parcel-plan';
export { unitsOf } from './allocation-quotes';

/** How stock is chosen: nearest warehouse first, or minimum total cost. */
export const AllocationStrategy = { nearest: 'nearest', optimal: 'optimal' } as const;
/** How stock is chosen: nearest warehouse first, or minimum total cost. */
export type AllocationStrategy = (typeof AllocationStrategy)[keyof typeof AllocationStrategy];

/** Where the order ships (null when unknown: every warehouse is then at distance 0), what it needs and what exists. */
export interface AllocationRequest {
  destination: GeoPoint | null;
  lines: AllocationLine[];
  warehouses: WarehouseStock[];
  costModel: AllocationCostModel;
  /**
   * Optional: what each warehouse's units of a SKU are worth to orders still to come (see
   * scarcity-prices.ts). `optimal` then weighs them on top of the true cost; the reported cost stays true.
   */
  scarcityPrices?: ScarcityPrices;
}

/** Units of one SKU taken from one warehouse, with its distance and true cost per unit (exact to a millionth). */
export interface AllocationPick {
  sku: string;
  warehouseId: string;
  quantity: number;
  distanceKm: number;
  unitCost: number;
}

/**
 * The picks, their true total cost (units, parcels and split penalty) and parcel count (one per warehouse
 * used), or which SKUs lack stock and by how much.
 */
export type AllocationResult =
  | {
      status: 'allocated';
      strategy: AllocationStrategy;
      picks: AllocationPick[];
      cost: number;
      parcels: number;
    }
  | { status: 'insufficient'; strategy: AllocationStrategy; shortages: { sku: string; missing: number }[] };

/**
 * Allocates every line from warehouse stock with the given strategy. `nearest` fills each SKU from the
 * closest stock (blind to prices); `optimal` minimises the true total cost, parcels included, exactly.
 * Picks come grouped by SKU in first line order, then nearest warehouse first (ties by id), one pick per
 * (SKU, warehouse).
 */
export function allocate(strategy: AllocationStrategy, request: AllocationRequest): AllocationResult {
  validateRequest(request);
  const demands = mergeLines(request.lines);
  const quotes = quoteWarehouses(
    request.destination,
    request.warehouses,
    request.costModel,
    request.scarcityPrices,
  );
  const shortages = demands.flatMap(({ sku, quantity }) => {
    const missing = quantity - quotes.reduce((total, quote) => total + stockOf(quote, sku), 0);
    return missing > 0 ? [{ sku, missing }] : [];
  });
  if (shortages.length > 0) return { status: 'insufficient', strategy, shortages };
  const splitPenaltyMicros = toMicros(request.costModel.splitPenalty ?? 0);
  const plan =
    strategy === AllocationStrategy.nearest
      ? planOf(fillInOrder(demands, quotes), splitPenaltyMicros)
      : cheapestPlan(demands, quotes, splitPenaltyMicros);
  return { status: 'allocated', strategy, ...describePlan(plan, demands) };
}

/** A plan as picks in the documented order, with its cost in cost units. */
export function describePlan(
  plan: ParcelPlan,
  demands: readonly AllocationLine[],
): { picks: AllocationPick[]; cost: number; parcels: number } {
  const skuOrder = new Map(demands.map(({ sku }, index) => [sku, index]));
  const picks = [...plan.picks]
    .sort(
      (a, b) =>
        (skuOrder.get(a.sku) as number) - (skuOrder.get(b.sku) as number) || nearerFirst(a.quote, b.quote),
    )
    .map(({ sku, quote, quantity }) => pickFrom(quote, sku, quantity));
  return { picks, cost: fromMicros(plan.costMicros), parcels: plan.parcels };
}

/** Runs both strategies: the chosen one plus the cost the other would have had (null if it could not allocate). */
export function allocateAndCompare(
  strategy: AllocationStrategy,
  request: AllocationRequest,
): { chosen: AllocationResult; alternative: { strategy: AllocationStrategy; cost: number | null } } {
  const chosen = allocate(strategy, request);
  const otherStrategy =
    strategy === AllocationStrategy.nearest ? AllocationStrategy.optimal : AllocationStrategy.nearest;
  const other = allocate(otherStrategy, request);
  return {
    chosen,
    alternative: { strategy: otherStrategy, cost: other.status === 'allocated' ? other.cost : null },
  };
}

/** Integer cost of shipping one unit from a warehouse `distanceKm` away (whole cost units, for rebalancing). */
export function unitShippingCost(
  distanceKm: number,
  handlingCostPerUnit: number,
  costModel: AllocationCostModel,
): number {
  return Math.round(distanceKm * costModel.costPerKmPerUnit) + handlingCostPerUnit;
}

function pickFrom(quote: Quote, sku: string, quantity: number): AllocationPick {
  return {
    sku,
    warehouseId: quote.warehouse.warehouseId,
    quantity,
    distanceKm: quote.distanceKm,
    unitCost: fromMicros(quote.unitCostMicros),
  };
}

/** Merges lines of the same SKU, keeping the order in which SKUs first appear. */
export function mergeLines(lines: readonly AllocationLine[]): AllocationLine[] {
  const merged = new Map<string, number>();
  for (const { sku, quantity } of lines) merged.set(sku, (merged.get(sku) ?? 0) + quantity);
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
}

/** Throws a message naming the field unless the request is well formed and its costs stay exact. */
export function validateRequest({
  destination,
  lines,
  warehouses,
  costModel,
  scarcityPrices,
}: AllocationRequest): void {
  requireCostModel(costModel);
  if (destination !== null) requireGeoPoint(destination, 'destination');
  lines.forEach(({ sku, quantity }, index) => {
    if (!Number.isSafeInteger(quantity) || quantity <= 0) {
      throw new Error(`lines[${index}] (${sku}) quantity must be a positive integer, got ${quantity}`);
    }
  });
  const seen = new Set<string>();
  for (const { warehouseId, location, handlingCostPerUnit, parcelCost, available } of warehouses) {
    if (seen.has(warehouseId)) throw new Error(`warehouse ${warehouseId} appears more than once`);
    seen.add(warehouseId);
    requireGeoPoint(location, `warehouse ${warehouseId} location`);
    requireCount(handlingCostPerUnit, `warehouse ${warehouseId} handlingCostPerUnit`);
    if (parcelCost !== undefined) requireCostUnits(parcelCost, `warehouse ${warehouseId} parcelCost`);
    for (const [sku, units] of Object.entries(available))
      requireCount(units, `warehouse ${warehouseId} stock of ${sku}`);
  }
  for (const [warehouseId, prices] of Object.entries(scarcityPrices ?? {}))
    for (const [sku, price] of Object.entries(prices))
      requireCostUnits(price, `scarcityPrices of ${sku} at warehouse ${warehouseId}`);
  // Half the Earth's circumference is the farthest any warehouse can be; totals must stay exact integers.
  const units = lines.reduce((total, { quantity }) => total + quantity, 0);
  const worstUnitMicros = toMicros(20_016 * costModel.costPerKmPerUnit + MAX_COST_UNITS);
  if (
    !(units * worstUnitMicros + (warehouses.length + 1) * toMicros(MAX_COST_UNITS) <= Number.MAX_SAFE_INTEGER)
  )
    throw new Error('order too large for exact cost arithmetic: reduce quantities or costs');
}

/** The largest handling, parcel or split cost accepted, in cost units. */
const MAX_COST_UNITS = 1e6;

function requireCostUnits(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_COST_UNITS) {
    throw new Error(`${name} must be a number from 0 to ${MAX_COST_UNITS}, got ${String(value)}`);
  }
}

/** Throws unless the cost per km per unit is a finite non-negative number and the split penalty a valid cost. */
export function requireCostModel({ costPerKmPerUnit, splitPenalty }: AllocationCostModel): void {
  if (!Number.isFinite(costPerKmPerUnit) || costPerKmPerUnit < 0 || costPerKmPerUnit > MAX_COST_UNITS) {
    throw new Error(`costPerKmPerUnit must be a non-negative number, got ${costPerKmPerUnit}`);
  }
  if (splitPenalty !== undefined) requireCostUnits(splitPenalty, 'splitPenalty');
}
