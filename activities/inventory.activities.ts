import type { Knex } from 'knex';
import { allocateAndCompare, type WarehouseStock } from '../src/algorithms/allocation';
import { postalCentroid } from '../src/algorithms/postal-centroids';
import type { AllocationStrategyName, AllocationSummary, ShippingAddress } from '../src/domain/checkout';
import { FailureType } from '../src/domain/failure-types';
import { businessFailure, lockOrder } from './business-failure';
import type { ActivityDeps } from './deps';

export interface ReserveStockInput {
  orderId: string;
  strategy: AllocationStrategyName;
  shippingAddress: ShippingAddress;
  lines: { sku: string; quantity: number }[];
}

type ReservationStatus = 'reserved' | 'released' | 'committed' | 'returned';

/**
 * Stock activities, each side effect beside its undo: reserveStock/releaseStock, commitStock (goods leave
 * the warehouse) and restockReturn (they come back). Every one is idempotent per order.
 */
export function createInventoryActivities({ db, allocation }: ActivityDeps) {
  /** Moves this order's reservations from one status to another, adjusting stock by the given deltas. */
  async function moveReservations(
    orderId: string,
    from: ReservationStatus,
    to: ReservationStatus,
    delta: { onHand: -1 | 0 | 1; reserved: -1 | 0 },
    warehouseId?: string,
  ): Promise<number> {
    const which = { order_id: orderId, status: from, ...(warehouseId ? { warehouse_id: warehouseId } : {}) };
    return db.transaction(async (trx) => {
      await lockOrder(trx, orderId);
      const rows = await trx('reservations').where(which).forUpdate();
      for (const row of rows) {
        await trx('inventory')
          .where({ warehouse_id: row.warehouse_id, sku: row.sku })
          .update({
            on_hand: trx.raw('on_hand + ?', [delta.onHand * row.quantity]),
            reserved: trx.raw('reserved + ?', [delta.reserved * row.quantity]),
          });
      }
      await trx('reservations').where(which).update({ status: to, updated_at: trx.fn.now() });
      return rows.reduce((units, row) => units + row.quantity, 0);
    });
  }

  return {
    /**
     * Picks warehouses with the chosen strategy and reserves atomically. The plan is made on a read without
     * row locks, then written in a short transaction whose conditional updates (`on_hand - reserved >=
     * quantity`) lock each hot stock row only for its write; if another checkout took the units in
     * between, the plan is made again. The CHECK (reserved <= on_hand) constraint backs this up, so
     * concurrent checkouts can never oversell.
     */
    async reserveStock(input: ReserveStockInput): Promise<AllocationSummary> {
      const skus = [...new Set(input.lines.map((l) => l.sku))];
      for (let attempt = 1; ; attempt += 1) {
        const plan = allocateAndCompare(input.strategy, {
          destination: destinationOf(input.shippingAddress),
          lines: input.lines,
          warehouses: await loadAvailableStock(db, skus),
          costModel: allocation,
        });
        try {
          return await db.transaction((trx) => writeReservation(trx, input, plan));
        } catch (error) {
          if (!(error instanceof StalePlan) || attempt >= MAX_PLAN_ATTEMPTS) throw error;
        }
      }
    },

    /**
     * Undo of reserveStock: returns reserved units to the pool, for one parcel (its warehouse) or the whole
     * order. A no-op when nothing is reserved.
     */
    async releaseStock({
      orderId,
      warehouseId,
    }: {
      orderId: string;
      warehouseId?: string;
    }): Promise<{ releasedUnits: number }> {
      const delta = { onHand: 0, reserved: -1 } as const;
      return { releasedUnits: await moveReservations(orderId, 'reserved', 'released', delta, warehouseId) };
    },

    /**
     * The goods have left: reserved units leave on-hand stock, for one parcel (its warehouse) or, without
     * a warehouse, for the whole order. A no-op when already committed.
     */
    async commitStock({
      orderId,
      warehouseId,
    }: {
      orderId: string;
      warehouseId?: string;
    }): Promise<{ committedUnits: number }> {
      const delta = { onHand: -1, reserved: -1 } as const;
      return { committedUnits: await moveReservations(orderId, 'reserved', 'committed', delta, warehouseId) };
    },

    /** Undo of commitStock for a returned parcel: the units are back on hand. */
    async restockReturn({ orderId }: { orderId: string }): Promise<{ restockedUnits: number }> {
      return {
        restockedUnits: await moveReservations(orderId, 'committed', 'returned', { onHand: 1, reserved: 0 }),
      };
    },
  };
}

/** Thrown inside the reservation transaction (rolling it back) when the plan's stock was taken meanwhile. */
class StalePlan extends Error {
  override message = 'the stock this plan counted on was taken meanwhile';
}

// Each retry re-reads stock; under contention this converges within a few attempts.
const MAX_PLAN_ATTEMPTS = 20;

/** Where the parcel goes, from the postal code: client-sent lat/lon could claim to be next to a warehouse. */
const destinationOf = ({ country, postalCode }: ShippingAddress) => postalCentroid(country, postalCode);

/** Writes a reservation plan for an order, idempotently, under the order's lock. */
async function writeReservation(
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
  // A fixed order of rows, so two checkouts never wait on each other's locks in a cycle.
  const picks = [...chosen.picks].sort((a, b) =>
    a.warehouseId === b.warehouseId ? a.sku.localeCompare(b.sku) : a.warehouseId.localeCompare(b.warehouseId),
  );
  for (const pick of picks) {
    const updated = await trx('inventory')
      .where({ warehouse_id: pick.warehouseId, sku: pick.sku })
      .andWhereRaw('on_hand - reserved >= ?', [pick.quantity])
      .increment('reserved', pick.quantity);
    if (updated === 0) throw new StalePlan();
  }
  await trx('reservations').insert(
    chosen.picks.map((pick) => ({
      order_id: input.orderId,
      warehouse_id: pick.warehouseId,
      sku: pick.sku,
      quantity: pick.quantity,
      status: 'reserved',
    })),
  );
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

/** Stock per warehouse for the SKUs, read without locks: the plan made from it is checked when written. */
async function loadAvailableStock(db: Knex, skus: string[]): Promise<WarehouseStock[]> {
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

function describeShortages(shortages: { sku: string; missing: number }[]): string {
  return `out of stock: ${shortages.map((s) => `${s.sku} short by ${s.missing}`).join(', ')}`;
}
