import { cheaperFirst, premiumOf, stockOf, type Quote } from './allocation-quotes';

/** Units of one SKU wanted by an order. */
export interface AllocationLine {
  sku: string;
  quantity: number;
}

/** Units of one SKU taken from one quoted warehouse. */
export interface PlannedPick {
  sku: string;
  quote: Quote;
  quantity: number;
}

/**
 * A way to fill one order: its picks, true total cost in micros (units, parcels and split penalty), parcel
 * count, and the objective it was chosen by (the true cost plus any scarcity prices of the units taken).
 */
export interface ParcelPlan {
  picks: PlannedPick[];
  costMicros: number;
  parcels: number;
  objectiveMicros: number;
}

/** Fills every SKU from the quotes in the given order (the first with stock first). */
export function fillInOrder(demands: readonly AllocationLine[], ordered: readonly Quote[]): PlannedPick[] {
  const picks: PlannedPick[] = [];
  for (const { sku, quantity } of demands) {
    let remaining = quantity;
    for (const quote of ordered) {
      if (remaining === 0) break;
      const taken = Math.min(remaining, stockOf(quote, sku));
      if (taken > 0) picks.push({ sku, quote, quantity: taken });
      remaining -= taken;
    }
    if (remaining > 0) throw new Error(`stock for ${sku} was checked but ran out while filling`);
  }
  return picks;
}

/** Prices picks: units at their unit cost, one parcel per warehouse used, and the split penalty per extra parcel. */
export function planOf(picks: PlannedPick[], splitPenaltyMicros: number): ParcelPlan {
  let costMicros = 0;
  const used = new Set<string>();
  for (const { quote, quantity } of picks) {
    costMicros += quantity * quote.unitCostMicros;
    if (!used.has(quote.warehouse.warehouseId)) costMicros += quote.parcelCostMicros;
    used.add(quote.warehouse.warehouseId);
  }
  const parcels = used.size;
  const total = costMicros + splitPenaltyMicros * Math.max(0, parcels - 1);
  const premiums = picks.reduce((sum, { sku, quote, quantity }) => sum + quantity * premiumOf(quote, sku), 0);
  return { picks, costMicros: total, parcels, objectiveMicros: total + premiums };
}

/**
 * The cheapest way to fill one order when parcels cost money, exactly. For a fixed set of warehouses the
 * unit costs are one per warehouse (one destination), so filling each SKU cheapest-first within the set is
 * optimal; the order's few warehouses make enumerating sets cheap. Sets are tried by size, and the search
 * stops once the k cheapest parcel costs plus k−1 split penalties plus the unit cost with every warehouse
 * open (a lower bound for any k-set) cannot beat the best plan. Ties go to fewer parcels, then to less
 * distance travelled. Requires every SKU to be coverable by the quotes together.
 */
export function cheapestPlan(
  demands: readonly AllocationLine[],
  quotes: readonly Quote[],
  splitPenaltyMicros: number,
): ParcelPlan {
  const relevant = quotes
    .filter((quote) => demands.some(({ sku }) => stockOf(quote, sku) > 0))
    .sort(cheaperFirst);
  const unbounded = planOf(fillCheapest(demands, relevant), splitPenaltyMicros);
  if (splitPenaltyMicros === 0 && relevant.every((quote) => quote.parcelCostMicros === 0)) return unbounded;

  let unitLowerBound = 0;
  for (const { sku, quote, quantity } of unbounded.picks)
    unitLowerBound += quantity * (quote.unitCostMicros + premiumOf(quote, sku));
  const parcelCosts = relevant.map((quote) => quote.parcelCostMicros).sort((a, b) => a - b);
  let best: ParcelPlan = unbounded;
  let cheapestParcels = 0;
  for (let size = 1; size <= relevant.length; size++) {
    cheapestParcels += parcelCosts[size - 1] as number;
    const bound = unitLowerBound + cheapestParcels + splitPenaltyMicros * (size - 1);
    if (bound > best.objectiveMicros || (bound === best.objectiveMicros && best.parcels < size)) break;
    forEachSubset(relevant.length, size, (members) => {
      const chosen = members.map((index) => relevant[index] as Quote);
      if (!covers(demands, chosen)) return;
      const plan = planOf(fillCheapest(demands, chosen), splitPenaltyMicros);
      if (isBetter(plan, best)) best = plan;
    });
  }
  return best;
}

function covers(demands: readonly AllocationLine[], chosen: readonly Quote[]): boolean {
  return demands.every(
    ({ sku, quantity }) => chosen.reduce((units, quote) => units + stockOf(quote, sku), 0) >= quantity,
  );
}

/**
 * Fills each SKU from the quotes in order of unit cost plus that SKU's scarcity price; the sort is stable,
 * so without prices it keeps the given (cheaper-first) order.
 */
function fillCheapest(demands: readonly AllocationLine[], quotes: readonly Quote[]): PlannedPick[] {
  if (quotes.every((quote) => Object.keys(quote.premiumMicros).length === 0))
    return fillInOrder(demands, quotes);
  return demands.flatMap((demand) => {
    const effective = (quote: Quote): number => quote.unitCostMicros + premiumOf(quote, demand.sku);
    return fillInOrder(
      [demand],
      [...quotes].sort((a, b) => effective(a) - effective(b)),
    );
  });
}

function isBetter(plan: ParcelPlan, best: ParcelPlan): boolean {
  if (plan.objectiveMicros !== best.objectiveMicros) return plan.objectiveMicros < best.objectiveMicros;
  if (plan.parcels !== best.parcels) return plan.parcels < best.parcels;
  return unitKm(plan) < unitKm(best);
}

function unitKm({ picks }: ParcelPlan): number {
  return picks.reduce((total, { quote, quantity }) => total + quantity * quote.distanceKm, 0);
}

/** Calls `visit` with each size-`size` subset of 0..count-1 as ascending indices (lexicographic order). */
function forEachSubset(count: number, size: number, visit: (members: number[]) => void): void {
  const members = Array.from({ length: size }, (_, k) => k);
  for (;;) {
    visit(members);
    let k = size - 1;
    while (k >= 0 && (members[k] as number) === count - size + k) k--;
    if (k < 0) return;
    members[k] = (members[k] as number) + 1;
    for (let next = k + 1; next < size; next++) members[next] = (members[next - 1] as number) + 1;
  }
}
