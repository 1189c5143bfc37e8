import {
  describePlan,
  mergeLines,
  validateRequest,
  type AllocationCostModel,
  type AllocationLine,
  type AllocationPick,
  type WarehouseStock,
} from './allocation';
import {
  fromMicros,
  premiumOf,
  quoteWarehouses,
  toMicros,
  unitsOf,
  type Quote,
  type ScarcityPrices,
} from './allocation-quotes';
import type { GeoPoint } from './geo';
import { cheapestPlan, planOf, type ParcelPlan, type PlannedPick } from './parcel-plan';
import { solveTransportation } from './transportation';

/** One order of a wave: its id, where it ships (null when unknown) and what it needs. */
export interface WaveOrder {
  orderId: string;
  destination: GeoPoint | null;
  lines: AllocationLine[];
}

/** Orders allocated together from one pool of stock, in arrival order. */
export interface WaveRequest {
  orders: WaveOrder[];
  warehouses: WarehouseStock[];
  costModel: AllocationCostModel;
  /** Optional scarcity prices (see scarcity-prices.ts), weighed like per-order `optimal` does. */
  scarcityPrices?: ScarcityPrices;
}

/** One order's share of a wave: its picks, true cost and parcels, or its shortages. */
export type WaveOrderResult =
  | { orderId: string; status: 'allocated'; picks: AllocationPick[]; cost: number; parcels: number }
  | { orderId: string; status: 'insufficient'; shortages: { sku: string; missing: number }[] };

/** Every order's result in arrival order, with the wave's total true cost and parcels. */
export interface WaveResult {
  orders: WaveOrderResult[];
  cost: number;
  parcels: number;
}

/** A working solution: each admitted order's plan, its true total and the objective (plus scarcity prices), in micros. */
interface Solution {
  plans: ParcelPlan[];
  costMicros: number;
  objectiveMicros: number;
}

/** Improvement passes are bounded; each strictly lowers the cost, and a few suffice on real waves. */
const MAX_PASSES = 20;

/**
 * Allocates a wave of orders together.
 *
 * Admission is first come, first served: an order is filled when the wave's remaining total stock of each
 * of its SKUs covers it, else it is refused with its shortages (as it would be alone). Every warehouse can
 * reach every destination, so this admits exactly the orders one-at-a-time allocation would.
 *
 * Without parcel costs the admitted orders' problem splits into one transportation problem per SKU
 * (warehouses × orders), solved exactly. With parcel costs it is a fixed-charge flow; this is a heuristic:
 * two starts (the per-SKU transportation optimum, and orders allocated one at a time in arrival order),
 * each improved by re-planning one order at a time exactly (subset enumeration) against the stock the
 * others leave, until no order improves; the cheaper result wins. It is never dearer than one-at-a-time
 * allocation of the same wave; its gap to the exact mixed-integer optimum is measured by the tests and the
 * savings bench.
 */
export function allocateWave({ orders, warehouses, costModel, scarcityPrices }: WaveRequest): WaveResult {
  for (const { destination, lines } of orders)
    validateRequest({ destination, lines, warehouses, costModel, scarcityPrices });
  const admitted = admitInOrder(orders, warehouses);
  const wave: Wave = {
    orders: admitted.map((index) => {
      const { destination, lines } = orders[index] as WaveOrder;
      return {
        destination,
        demands: mergeLines(lines),
        quotes: quoteWarehouses(destination, warehouses, costModel, scarcityPrices),
      };
    }),
    warehouses,
    costModel,
    splitPenaltyMicros: toMicros(costModel.splitPenalty ?? 0),
  };
  const joint = localSearch(wave, transportationStart(wave));
  const sequential = localSearch(wave, sequentialStart(wave));
  const best = sequential.objectiveMicros < joint.objectiveMicros ? sequential : joint;

  const results: WaveOrderResult[] = [];
  const remaining = totalStock(warehouses);
  let next = 0;
  for (const [index, order] of orders.entries()) {
    if (admitted[next] === index) {
      const plan = best.plans[next] as ParcelPlan;
      const { demands } = wave.orders[next++] as WaveOrderContext;
      results.push({ orderId: order.orderId, status: 'allocated', ...describePlan(plan, demands) });
      for (const { sku, quantity } of plan.picks) remaining.set(sku, (remaining.get(sku) ?? 0) - quantity);
    } else {
      const shortages = mergeLines(order.lines).flatMap(({ sku, quantity }) => {
        const missing = quantity - (remaining.get(sku) ?? 0);
        return missing > 0 ? [{ sku, missing }] : [];
      });
      results.push({ orderId: order.orderId, status: 'insufficient', shortages });
    }
  }
  const parcels = best.plans.reduce((total, plan) => total + plan.parcels, 0);
  return { orders: results, cost: fromMicros(best.costMicros), parcels };
}

/** An admitted order: where it ships, its merged lines, and every warehouse priced for it. */
interface WaveOrderContext {
  destination: GeoPoint | null;
  demands: AllocationLine[];
  quotes: Quote[];
}

/** The admitted orders with the wave's stock and prices. */
interface Wave {
  orders: WaveOrderContext[];
  warehouses: readonly WarehouseStock[];
  costModel: AllocationCostModel;
  splitPenaltyMicros: number;
}

/** Indices of the orders the stock can fill, deciding in arrival order. */
function admitInOrder(orders: readonly WaveOrder[], warehouses: readonly WarehouseStock[]): number[] {
  const remaining = totalStock(warehouses);
  return orders.flatMap(({ lines }, index) => {
    const demands = mergeLines(lines);
    if (!demands.every(({ sku, quantity }) => (remaining.get(sku) ?? 0) >= quantity)) return [];
    for (const { sku, quantity } of demands) remaining.set(sku, (remaining.get(sku) as number) - quantity);
    return [index];
  });
}

function totalStock(warehouses: readonly WarehouseStock[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const { available } of warehouses)
    for (const sku of Object.keys(available)) total.set(sku, (total.get(sku) ?? 0) + unitsOf(available, sku));
  return total;
}

/** The exact optimum ignoring parcel costs: one transportation problem per SKU, warehouses × orders. */
function transportationStart({ orders, warehouses, splitPenaltyMicros }: Wave): ParcelPlan[] {
  const picks: PlannedPick[][] = orders.map(() => []);
  const skus = [...new Set(orders.flatMap(({ demands }) => demands.map(({ sku }) => sku)))];
  for (const sku of skus) {
    const wanting = orders.flatMap(({ demands }, o) =>
      demands.filter((line) => line.sku === sku).map(({ quantity }) => ({ o, quantity })),
    );
    const stocked = warehouses.filter((w) => unitsOf(w.available, sku) > 0);
    const quoteOf = (o: number, w: WarehouseStock): Quote =>
      (orders[o] as WaveOrderContext).quotes.find((quote) => quote.warehouse === w) as Quote;
    const result = solveTransportation({
      supply: stocked.map((w) => unitsOf(w.available, sku)),
      demand: wanting.map(({ quantity }) => quantity),
      cost: stocked.map((w) =>
        wanting.map(({ o }) => quoteOf(o, w).unitCostMicros + premiumOf(quoteOf(o, w), sku)),
      ),
    });
    if (result.status !== 'optimal') throw new Error(`admitted orders want more ${sku} than the wave holds`);
    stocked.forEach((w, s) =>
      wanting.forEach(({ o }, d) => {
        const quantity = (result.flows[s] as number[])[d] as number;
        if (quantity > 0) (picks[o] as PlannedPick[]).push({ sku, quote: quoteOf(o, w), quantity });
      }),
    );
  }
  return picks.map((orderPicks) => planOf(orderPicks, splitPenaltyMicros));
}

/** Orders planned one at a time in arrival order, each taking the cheapest plan from what is left. */
function sequentialStart(wave: Wave): ParcelPlan[] {
  const plans: ParcelPlan[] = [];
  for (let o = 0; o < wave.orders.length; o++) plans.push(replan(wave, o, plans));
  return plans;
}

/** Re-plans one order at a time against the stock the others leave, while any order gets cheaper. */
function localSearch(wave: Wave, start: ParcelPlan[]): Solution {
  const plans = [...start];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    for (let o = 0; o < plans.length; o++) {
      const candidate = replan(
        wave,
        o,
        plans.filter((_, other) => other !== o),
      );
      if (candidate.objectiveMicros < (plans[o] as ParcelPlan).objectiveMicros) {
        plans[o] = candidate;
        improved = true;
      }
    }
    if (!improved) break;
  }
  const total = (key: 'costMicros' | 'objectiveMicros'): number =>
    plans.reduce((sum, plan) => sum + plan[key], 0);
  return { plans, costMicros: total('costMicros'), objectiveMicros: total('objectiveMicros') };
}

/** The cheapest plan for order `o` from the stock that the `taken` plans leave. */
function replan(wave: Wave, o: number, taken: readonly ParcelPlan[]): ParcelPlan {
  const used = new Map<string, number>();
  const key = (warehouseId: string, sku: string): string => `${warehouseId}\u0000${sku}`;
  for (const plan of taken)
    for (const { sku, quote, quantity } of plan.picks) {
      const at = key(quote.warehouse.warehouseId, sku);
      used.set(at, (used.get(at) ?? 0) + quantity);
    }
  const { quotes, demands } = wave.orders[o] as WaveOrderContext;
  // The order's own quotes, each over the stock the other orders leave (prices do not depend on stock).
  const left = quotes.map((quote) => {
    const available: Record<string, number> = {};
    for (const { sku } of demands)
      available[sku] =
        unitsOf(quote.warehouse.available, sku) - (used.get(key(quote.warehouse.warehouseId, sku)) ?? 0);
    return { ...quote, warehouse: { ...quote.warehouse, available } };
  });
  const plan = cheapestPlan(demands, left, wave.splitPenaltyMicros);
  const originalOf = new Map(left.map((copy, index) => [copy, quotes[index] as Quote]));
  return {
    ...plan,
    picks: plan.picks.map((pick) => ({ ...pick, quote: originalOf.get(pick.quote) as Quote })),
  };
}
