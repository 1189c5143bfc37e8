import { haversineKm, requireGeoPoint, type GeoPoint } from './geo';
import { requireCount } from './numbers';
import { compareStrings } from './order';
import { solveTransportation } from './transportation';

export type { GeoPoint } from './geo';

/** How stock is chosen: nearest warehouse first, or minimum total cost. */
export const AllocationStrategy = { nearest: 'nearest', optimal: 'optimal' } as const;
/** How stock is chosen: nearest warehouse first, or minimum total cost. */
export type AllocationStrategy = (typeof AllocationStrategy)[keyof typeof AllocationStrategy];

/** One warehouse's location, integer handling cost per unit, and units available per SKU. */
export interface WarehouseStock {
  warehouseId: string;
  location: GeoPoint;
  handlingCostPerUnit: number;
  available: Record<string, number>;
}

/** Units of one SKU wanted by an order. */
export interface AllocationLine {
  sku: string;
  quantity: number;
}

/** Shipping cost per kilometre per unit (may be fractional). */
export interface AllocationCostModel {
  costPerKmPerUnit: number;
}

/** Where the order ships (null when unknown: every warehouse is then at distance 0), what it needs and what exists. */
export interface AllocationRequest {
  destination: GeoPoint | null;
  lines: AllocationLine[];
  warehouses: WarehouseStock[];
  costModel: AllocationCostModel;
}

/** Units of one SKU taken from one warehouse, with its distance and integer cost per unit. */
export interface AllocationPick {
  sku: string;
  warehouseId: string;
  quantity: number;
  distanceKm: number;
  unitCost: number;
}

/** The picks and their total cost, or which SKUs lack stock and by how much. */
export type AllocationResult =
  | { status: 'allocated'; strategy: AllocationStrategy; picks: AllocationPick[]; cost: number }
  | { status: 'insufficient'; strategy: AllocationStrategy; shortages: { sku: string; missing: number }[] };

/** A warehouse priced for one destination. */
interface Quote {
  warehouse: WarehouseStock;
  distanceKm: number;
  unitCost: number;
}

/**
 * Allocates every line from warehouse stock with the given strategy. Picks come grouped by SKU in first
 * line order, then nearest warehouse first (ties by id), one pick per (SKU, warehouse).
 */
export function allocate(strategy: AllocationStrategy, request: AllocationRequest): AllocationResult {
  validateRequest(request);
  const demands = mergeLines(request.lines);
  const quotes = quoteWarehouses(request);
  const shortages = demands.flatMap(({ sku, quantity }) => {
    const missing = quantity - quotes.reduce((total, quote) => total + stockOf(quote, sku), 0);
    return missing > 0 ? [{ sku, missing }] : [];
  });
  if (shortages.length > 0) return { status: 'insufficient', strategy, shortages };
  const fill = strategy === AllocationStrategy.nearest ? fillNearest : fillOptimal;
  const picks = demands.flatMap((demand) => fill(demand, quotes));
  const cost = picks.reduce((total, pick) => total + pick.quantity * pick.unitCost, 0);
  return { status: 'allocated', strategy, picks, cost };
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

/** Integer cost of shipping one unit from a warehouse `distanceKm` away. */
export function unitShippingCost(
  distanceKm: number,
  handlingCostPerUnit: number,
  costModel: AllocationCostModel,
): number {
  return Math.round(distanceKm * costModel.costPerKmPerUnit) + handlingCostPerUnit;
}

function fillNearest({ sku, quantity }: AllocationLine, quotes: Quote[]): AllocationPick[] {
  // Deliberately blind to handling cost: this is the "closest stock first" baseline.
  const picks: AllocationPick[] = [];
  let remaining = quantity;
  for (const quote of quotes) {
    if (remaining === 0) break;
    const taken = Math.min(remaining, stockOf(quote, sku));
    if (taken > 0) picks.push(pickFrom(quote, sku, taken));
    remaining -= taken;
  }
  return picks;
}

function fillOptimal({ sku, quantity }: AllocationLine, quotes: Quote[]): AllocationPick[] {
  // SKUs share no constraint, so one transportation problem per SKU is exactly the joint optimum.
  const stocked = quotes.filter((quote) => stockOf(quote, sku) > 0);
  const result = solveTransportation({
    supply: stocked.map((quote) => stockOf(quote, sku)),
    demand: [quantity],
    cost: stocked.map((quote) => [quote.unitCost]),
  });
  if (result.status !== 'optimal')
    throw new Error(`stock for ${sku} was checked but the solver found a shortage`);
  return stocked.flatMap((quote, s) => {
    const taken = (result.flows[s] as number[])[0] as number;
    return taken > 0 ? [pickFrom(quote, sku, taken)] : [];
  });
}

function pickFrom(quote: Quote, sku: string, quantity: number): AllocationPick {
  return {
    sku,
    warehouseId: quote.warehouse.warehouseId,
    quantity,
    distanceKm: quote.distanceKm,
    unitCost: quote.unitCost,
  };
}

function stockOf(quote: Quote, sku: string): number {
  return unitsOf(quote.warehouse.available, sku);
}

/** Units recorded for a SKU; own keys only, so a SKU named like an Object.prototype member reads 0. */
export function unitsOf(units: Record<string, number>, sku: string): number {
  return Object.hasOwn(units, sku) ? (units[sku] as number) : 0;
}

function quoteWarehouses({ destination, warehouses, costModel }: AllocationRequest): Quote[] {
  return warehouses
    .map((warehouse) => {
      const distanceKm = destination === null ? 0 : haversineKm(warehouse.location, destination);
      return {
        warehouse,
        distanceKm,
        unitCost: unitShippingCost(distanceKm, warehouse.handlingCostPerUnit, costModel),
      };
    })
    .sort(
      (a, b) =>
        a.distanceKm - b.distanceKm || compareStrings(a.warehouse.warehouseId, b.warehouse.warehouseId),
    );
}

/** Merges lines of the same SKU, keeping the order in which SKUs first appear. */
function mergeLines(lines: AllocationLine[]): AllocationLine[] {
  const merged = new Map<string, number>();
  for (const { sku, quantity } of lines) merged.set(sku, (merged.get(sku) ?? 0) + quantity);
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
}

function validateRequest({ destination, lines, warehouses, costModel }: AllocationRequest): void {
  requireCostModel(costModel);
  if (destination !== null) requireGeoPoint(destination, 'destination');
  lines.forEach(({ sku, quantity }, index) => {
    if (!Number.isSafeInteger(quantity) || quantity <= 0) {
      throw new Error(`lines[${index}] (${sku}) quantity must be a positive integer, got ${quantity}`);
    }
  });
  const seen = new Set<string>();
  for (const { warehouseId, location, handlingCostPerUnit, available } of warehouses) {
    if (seen.has(warehouseId)) throw new Error(`warehouse ${warehouseId} appears more than once`);
    seen.add(warehouseId);
    requireGeoPoint(location, `warehouse ${warehouseId} location`);
    requireCount(handlingCostPerUnit, `warehouse ${warehouseId} handlingCostPerUnit`);
    for (const [sku, units] of Object.entries(available))
      requireCount(units, `warehouse ${warehouseId} stock of ${sku}`);
  }
}

/** Throws unless the cost per km per unit is a finite non-negative number. */
export function requireCostModel({ costPerKmPerUnit }: AllocationCostModel): void {
  if (!Number.isFinite(costPerKmPerUnit) || costPerKmPerUnit < 0) {
    throw new Error(`costPerKmPerUnit must be a non-negative number, got ${costPerKmPerUnit}`);
  }
}
