import type { Knex } from 'knex';
import type { allocateAndCompare, WarehouseStock } from '../src/algorithms/allocation';
import { postalCentroid } from '../src/algorithms/postal-centroids';
import type { AllocationStrategyName, AllocationSummary, ShippingAddress } from '../src/domain/checkout';
import { FailureType } from '../src/domain/failure-types';
import { businessFailure, lockOrder } from './business-failure';

// Reservation writing, shared by per-order allocation (inventory.activities.ts) and waves (reservation-wave.ts).

export interface ReserveStockInput {
  orderId: string;
  strategy: AllocationStrategyName;
  shippingAddress: ShippingAddress;
  lines: { sku: string; quantity: number }[];
}

/** Thrown inside the reservation transaction (rolling it back) when the plan's stock was taken meanwhile. */
export class StalePlan extends Error {
  override message = 'the stock this plan counted on was taken meanwhile';
}

// Each retry re-reads stock; under contention this converges within a few attempts.
export const MAX_PLAN_ATTEMPTS = 20;

/** Where the parcel goes, from the postal code: client-sent lat/lon could claim to be next to a warehouse. */
export const destinationOf = ({ country, postalCode }: ShippingAddress) =>
  postalCentroid(country, postalCode);

/** Writes a reservation plan for an order, idempotently, under the order's lock. */
export async function writeReservation(
  trx: Knex.Transaction,
  input: ReserveStockInput,
  plan: ReturnType<typeof allocateAndCompare>,
): Promise<AllocationSummary> {
  await lockOrder(trx, input.orderId);
  const order = await trx('orders').where({ id: input.orderId }).first('allocation');
  const existing = await trx('reservations').where({ order_id: input.orderId });
  // A retry finds its own reservation still held and returns it. A reservation already released (or
  // returned) belongs to a checkout that ended: reserving again would revive a dead order.
  if (existing.some((r) => r.status === 'reserved' || r.status === 'committed') && order?.allocation)
    return order.allocation as AllocationSummary;
  if (existing.length > 0) {
    throw businessFailure(
      FailureType.ReservationClosed,
      `order ${input.orderId} already released its stock; it cannot reserve again`,
    );
  }
  const { chosen, alternative } = plan;
  if (chosen.status === 'insufficient')
    throw businessFailure(FailureType.OutOfStock, describeShortages(chosen.shortages), chosen.shortages);
  await reservePicks(trx, input.orderId, chosen.picks);
  const summary: AllocationSummary = {
    strategy: input.strategy,
    cost: chosen.cost,
    parcels: chosen.parcels,
    picks: chosen.picks,
    alternative,
  };
  await trx('orders')
    .where({ id: input.orderId })
    .update({ allocation: JSON.stringify(summary) });
  return summary;
}

/**
 * Takes the picks' units from available stock and records them as the order's reservations (at `revision`,
 * 0 for the first allocation). Throws StalePlan, rolling back, when another checkout took them meanwhile.
 */
export async function reservePicks(
  trx: Knex.Transaction,
  orderId: string,
  picks: readonly { warehouseId: string; sku: string; quantity: number }[],
  revision?: number,
): Promise<void> {
  // A fixed order of rows, so two checkouts never wait on each other's locks in a cycle.
  const sorted = [...picks].sort((a, b) =>
    a.warehouseId === b.warehouseId ? a.sku.localeCompare(b.sku) : a.warehouseId.localeCompare(b.warehouseId),
  );
  for (const pick of sorted) {
    const updated = await trx('inventory')
      .where({ warehouse_id: pick.warehouseId, sku: pick.sku })
      .andWhereRaw('on_hand - reserved >= ?', [pick.quantity])
      .increment('reserved', pick.quantity);
    if (updated === 0) throw new StalePlan();
  }
  await trx('reservations').insert(
    picks.map((pick) => ({
      order_id: orderId,
      warehouse_id: pick.warehouseId,
      sku: pick.sku,
      quantity: pick.quantity,
      status: 'reserved',
      ...(revision ? { revision } : {}),
    })),
  );
}

/** Stock per warehouse for the SKUs, read without locks: the plan made from it is checked when written. */
export async function loadAvailableStock(db: Knex, skus: string[]): Promise<WarehouseStock[]> {
  const rows = await db('inventory as i')
    .join('warehouses as w', 'w.id', 'i.warehouse_id')
    .whereIn('i.sku', skus)
    .orderBy(['i.warehouse_id', 'i.sku'])
    .select('w.id', 'w.lat', 'w.lon', 'w.handling_cost', 'w.parcel_cost', 'i.sku', 'i.on_hand', 'i.reserved');
  const byWarehouse = new Map<string, WarehouseStock>();
  for (const row of rows) {
    const warehouse: WarehouseStock = byWarehouse.get(row.id) ?? {
      warehouseId: row.id,
      location: { lat: row.lat, lon: row.lon },
      handlingCostPerUnit: row.handling_cost,
      parcelCost: row.parcel_cost,
      available: {},
    };
    warehouse.available[row.sku] = row.on_hand - row.reserved;
    byWarehouse.set(row.id, warehouse);
  }
  return [...byWarehouse.values()];
}

export function describeShortages(shortages: { sku: string; missing: number }[]): string {
  return `out of stock: ${shortages.map((s) => `${s.sku} short by ${s.missing}`).join(', ')}`;
}
