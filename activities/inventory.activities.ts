import type { Knex } from 'knex';
import { allocateAndCompare } from '../src/algorithms/allocation';
import type { AllocationSummary } from '../src/domain/checkout';
import { lockOrder } from './business-failure';
import type { ActivityDeps } from './deps';
import { reserveInWave } from './reservation-wave';
import {
  destinationOf,
  loadAvailableStock,
  MAX_PLAN_ATTEMPTS,
  StalePlan,
  writeReservation,
  type ReserveStockInput,
} from './reservations';

export type { ReserveStockInput } from './reservations';

type ReservationStatus = 'reserved' | 'released' | 'committed' | 'returned';

/** Units of an order that refund applications' returns have restocked, by `<warehouse>/<sku>`. */
async function restockedLines(trx: Knex.Transaction, orderId: string): Promise<Map<string, number>> {
  const rows: { warehouse_id: string; sku: string; units: string }[] = await trx('return_lines')
    .where({ order_id: orderId })
    .whereNotNull('restocked_at')
    .groupBy('warehouse_id', 'sku')
    .select('warehouse_id', 'sku')
    .sum({ units: 'quantity' });
  return new Map(rows.map((row) => [`${row.warehouse_id}/${row.sku}`, Number(row.units)]));
}

/**
 * Stock activities, each side effect beside its undo: reserveStock/releaseStock, commitStock (goods leave
 * the warehouse) and restockReturn (they come back). Every one is idempotent per order.
 */
export function createInventoryActivities({ db, allocation }: Pick<ActivityDeps, 'db' | 'allocation'>) {
  /** Moves this order's reservations from one status to another, adjusting stock by the given deltas. */
  async function moveReservations(
    orderId: string,
    from: ReservationStatus,
    to: ReservationStatus,
    delta: { onHand: -1 | 0 | 1; reserved: -1 | 0 },
    warehouseId?: string,
    revision?: number,
  ): Promise<number> {
    const which = {
      order_id: orderId,
      status: from,
      ...(warehouseId ? { warehouse_id: warehouseId } : {}),
      ...(revision !== undefined ? { revision } : {}),
    };
    return db.transaction(async (trx) => {
      await lockOrder(trx, orderId);
      const rows = await trx('reservations').where(which).forUpdate();
      // Units a refund application's return already put back on hand are not put back twice.
      const back = delta.onHand === 1 ? await restockedLines(trx, orderId) : new Map<string, number>();
      for (const row of rows) {
        const onHandUnits = row.quantity - (back.get(`${row.warehouse_id}/${row.sku}`) ?? 0);
        await trx('inventory')
          .where({ warehouse_id: row.warehouse_id, sku: row.sku })
          .update({
            on_hand: trx.raw('on_hand + ?', [delta.onHand * onHandUnits]),
            reserved: trx.raw('reserved + ?', [delta.reserved * row.quantity]),
          });
      }
      await trx('reservations').where(which).update({ status: to, updated_at: trx.fn.now() });
      return rows.reduce((units, row) => units + row.quantity, 0);
    });
  }

  /** A parcel's units (the order's reservations at its warehouse and revision) in the given statuses. */
  async function parcelUnits(orderId: string, warehouseId: string, revision: number, statuses: string[]) {
    const rows = await db('reservations')
      .where({ order_id: orderId, warehouse_id: warehouseId, revision })
      .whereIn('status', statuses)
      .orderBy('sku')
      .select('sku', 'quantity');
    return rows.map((row) => ({ sku: row.sku as string, quantity: row.quantity as number }));
  }

  /** Per-order allocation: plan on an unlocked read, write conditionally, plan again if the stock moved. */
  async function reserveAlone(input: ReserveStockInput): Promise<AllocationSummary> {
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
      // Waves allocate optimal orders together; `nearest` needs no neighbours, so it never waits.
      if (allocation.wave && input.strategy === 'optimal')
        return reserveInWave(db, input, { ...allocation, wave: allocation.wave }, () => reserveAlone(input));
      return reserveAlone(input);
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
     * The goods have left: reserved units leave on-hand stock, for one parcel (its warehouse, and the
     * reservation revision it carries) or, without a warehouse, for the whole order. A no-op when already
     * committed.
     */
    async commitStock({
      orderId,
      warehouseId,
      revision,
    }: {
      orderId: string;
      warehouseId?: string;
      revision?: number;
    }): Promise<{ committedUnits: number }> {
      const delta = { onHand: -1, reserved: -1 } as const;
      return {
        committedUnits: await moveReservations(
          orderId,
          'reserved',
          'committed',
          delta,
          warehouseId,
          revision,
        ),
      };
    },

    /**
     * A parcel the carrier sent back: its units are on hand again (committed → returned; the carrier update
     * that reported it committed them first). Returns the parcel's units by SKU, the same on a retry.
     */
    async restockParcel({
      orderId,
      warehouseId,
      revision,
    }: {
      orderId: string;
      warehouseId: string;
      revision: number;
    }): Promise<{ units: { sku: string; quantity: number }[] }> {
      await moveReservations(
        orderId,
        'committed',
        'returned',
        { onHand: 1, reserved: 0 },
        warehouseId,
        revision,
      );
      return { units: await parcelUnits(orderId, warehouseId, revision, ['returned']) };
    },

    /** The units a parcel that left carries (a lost one's, say), by SKU. */
    async parcelContents({
      orderId,
      warehouseId,
      revision,
    }: {
      orderId: string;
      warehouseId: string;
      revision: number;
    }): Promise<{ units: { sku: string; quantity: number }[] }> {
      return { units: await parcelUnits(orderId, warehouseId, revision, ['committed', 'returned']) };
    },

    /** Undo of commitStock for a returned parcel: the units are back on hand. */
    async restockReturn({ orderId }: { orderId: string }): Promise<{ restockedUnits: number }> {
      return {
        restockedUnits: await moveReservations(orderId, 'committed', 'returned', { onHand: 1, reserved: 0 }),
      };
    },
  };
}
