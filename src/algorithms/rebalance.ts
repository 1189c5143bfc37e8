import { requireCostModel, unitShippingCost, unitsOf, type AllocationCostModel } from './allocation';
import { haversineKm, requireGeoPoint, type GeoPoint } from './geo';
import { requireCount, sum } from './numbers';
import { compareStrings } from './order';
import { solveTransportation } from './transportation';

/** A warehouse with units it can spare and units it lacks, per SKU. */
export interface RebalanceSite {
  warehouseId: string;
  location: GeoPoint;
  surplus: Record<string, number>;
  shortfall: Record<string, number>;
}

/** Move `quantity` units of a SKU between two warehouses at `cost` (integer unit cost × quantity). */
export interface TransferProposal {
  sku: string;
  fromWarehouseId: string;
  toWarehouseId: string;
  quantity: number;
  distanceKm: number;
  cost: number;
}

/** Minimum-cost transfers, their total cost, and the shortfall no surplus can cover. */
export interface RebalancePlan {
  transfers: TransferProposal[];
  totalCost: number;
  unmet: { sku: string; warehouseId: string; missing: number }[];
}

/**
 * Proposes stock transfers from surplus to shortfall sites, per SKU, at minimum distance-based cost. When
 * surplus cannot cover every shortfall, all surplus is moved (the most that can be covered) and the cheapest
 * such plan is chosen. A site's surplus and shortfall of the same SKU are netted first. Output is sorted by
 * SKU, then source and destination id.
 */
export function proposeRebalancing(sites: RebalanceSite[], costModel: AllocationCostModel): RebalancePlan {
  validate(sites, costModel);
  const skus = [
    ...new Set(sites.flatMap((site) => [...Object.keys(site.surplus), ...Object.keys(site.shortfall)])),
  ];
  skus.sort(compareStrings);
  const ordered = [...sites].sort((a, b) => compareStrings(a.warehouseId, b.warehouseId));
  const plan: RebalancePlan = { transfers: [], totalCost: 0, unmet: [] };
  for (const sku of skus) rebalanceSku(sku, ordered, costModel, plan);
  return plan;
}

function rebalanceSku(
  sku: string,
  sites: RebalanceSite[],
  costModel: AllocationCostModel,
  plan: RebalancePlan,
): void {
  const net = (site: RebalanceSite): number => unitsOf(site.surplus, sku) - unitsOf(site.shortfall, sku);
  const givers = sites.filter((site) => net(site) > 0);
  const takers = sites.filter((site) => net(site) < 0);
  if (takers.length === 0) return;
  const supply = givers.map(net);
  const demand = takers.map((site) => -net(site));
  const distances = givers.map((giver) => takers.map((taker) => haversineKm(giver.location, taker.location)));
  const cost = distances.map((row) => row.map((km) => unitShippingCost(km, 0, costModel)));
  // A dummy source holding exactly the deficit balances the problem. It must ship all of it whatever it
  // costs, so a zero cost keeps the optimum exact: every real unit moves and the deficit lands where the
  // shortfall is dearest to serve.
  const deficit = Math.max(0, sum(demand) - sum(supply));
  const result = solveTransportation({
    supply: deficit > 0 ? [...supply, deficit] : supply,
    demand,
    cost: deficit > 0 ? [...cost, takers.map(() => 0)] : cost,
  });
  if (result.status !== 'optimal') throw new Error(`rebalancing ${sku} should be balanced but was not`);
  givers.forEach((giver, s) =>
    takers.forEach((taker, d) => {
      const quantity = (result.flows[s] as number[])[d] as number;
      if (quantity === 0) return;
      const unitCost = (cost[s] as number[])[d] as number;
      plan.transfers.push({
        sku,
        fromWarehouseId: giver.warehouseId,
        toWarehouseId: taker.warehouseId,
        quantity,
        distanceKm: (distances[s] as number[])[d] as number,
        cost: quantity * unitCost,
      });
      plan.totalCost += quantity * unitCost;
    }),
  );
  if (deficit === 0) return;
  const dummyFlows = result.flows[givers.length] as number[];
  takers.forEach((taker, d) => {
    const missing = dummyFlows[d] as number;
    if (missing > 0) plan.unmet.push({ sku, warehouseId: taker.warehouseId, missing });
  });
}

function validate(sites: RebalanceSite[], costModel: AllocationCostModel): void {
  requireCostModel(costModel);
  const seen = new Set<string>();
  for (const { warehouseId, location, surplus, shortfall } of sites) {
    if (seen.has(warehouseId)) throw new Error(`site ${warehouseId} appears more than once`);
    seen.add(warehouseId);
    requireGeoPoint(location, `site ${warehouseId} location`);
    for (const [kind, units] of [
      ['surplus', surplus],
      ['shortfall', shortfall],
    ] as const) {
      for (const [sku, value] of Object.entries(units))
        requireCount(value, `site ${warehouseId} ${kind} of ${sku}`);
    }
  }
}
