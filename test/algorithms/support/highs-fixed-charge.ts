import type { Highs } from 'highs';
import type { AllocationCostModel, AllocationLine, WarehouseStock } from '../../../src/algorithms/allocation';
import { haversineKm, type GeoPoint } from '../../../src/algorithms/geo';
import { addRow, solveModelData, toModelData, type ColumnModel } from './highs-model';

/** One order of a batch: where it ships and what it needs. */
export interface BatchOrder {
  destination: GeoPoint | null;
  lines: AllocationLine[];
}

/**
 * The exact batch optimum with parcel costs, as a mixed-integer program solved by HiGHS: integer units x
 * per (order, warehouse, SKU), a binary parcel y per (order, warehouse), x ≤ min(stock, demand)·y, demand
 * met exactly, stock shared across the batch. Every order must be filled. Unit costs are computed here
 * from the raw distance, independently of the allocator's own pricing. Returns the cost in cost units, or
 * null when the batch cannot be filled.
 */
export function fixedChargeOptimum(
  highs: Highs,
  orders: readonly BatchOrder[],
  warehouses: readonly WarehouseStock[],
  costModel: AllocationCostModel,
  options: Record<string, number | string | boolean> = {},
): number | null {
  if (!stockSuffices(orders, warehouses)) return null;
  const model: ColumnModel = { columns: [], rowLower: [], rowUpper: [], offset: 0 };
  const split = costModel.splitPenalty ?? 0;
  const stockRows = new Map<string, number>();
  const stockRow = (w: WarehouseStock, sku: string, units: number): number => {
    const key = `${w.warehouseId}\u0000${sku}`;
    if (!stockRows.has(key)) stockRows.set(key, addRow(model, 0, units));
    return stockRows.get(key) as number;
  };
  for (const { destination, lines } of orders) {
    const wanted = new Map<string, number>();
    for (const { sku, quantity } of lines) wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);
    // Each order ships at least one parcel, so Σ(split·y) − split counts the penalty per extra parcel.
    model.offset = (model.offset as number) - split;
    const demandRows = new Map([...wanted].map(([sku, units]) => [sku, addRow(model, units, units)]));
    for (const w of warehouses) {
      const km = destination === null ? 0 : haversineKm(w.location, destination);
      const unitCost = km * costModel.costPerKmPerUnit + w.handlingCostPerUnit;
      const links: [number, number][] = [];
      for (const [sku, units] of wanted) {
        const stock = Object.hasOwn(w.available, sku) ? (w.available[sku] as number) : 0;
        if (stock === 0) continue;
        const cap = Math.min(stock, units);
        const link = addRow(model, -Infinity, 0);
        links.push([link, -cap]);
        model.columns.push({
          cost: unitCost,
          lower: 0,
          upper: cap,
          integer: true,
          entries: [
            [demandRows.get(sku) as number, 1],
            [stockRow(w, sku, stock), 1],
            [link, 1],
          ],
        });
      }
      if (links.length > 0)
        model.columns.push({
          cost: (w.parcelCost ?? 0) + split,
          lower: 0,
          upper: 1,
          integer: true,
          entries: links,
        });
    }
  }
  const outcome = solveModelData(highs, toModelData(highs, model), 'on', options);
  return outcome.status === 'optimal' ? outcome.objective : null;
}

/** Whether total stock covers the batch's total demand per SKU (HiGHS reports a model with no columns as empty). */
function stockSuffices(orders: readonly BatchOrder[], warehouses: readonly WarehouseStock[]): boolean {
  const net = new Map<string, number>();
  for (const { lines } of orders)
    for (const { sku, quantity } of lines) net.set(sku, (net.get(sku) ?? 0) + quantity);
  for (const w of warehouses)
    for (const [sku, units] of Object.entries(w.available))
      if (net.has(sku)) net.set(sku, (net.get(sku) as number) - units);
  return [...net.values()].every((missing) => missing <= 0);
}
