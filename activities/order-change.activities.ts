import type { Knex } from 'knex';
import { allocateAndCompare } from '../src/algorithms/allocation';
import type {
  AllocationStrategyName,
  AllocationSummary,
  OrderPricing,
  ShippingAddress,
} from '../src/domain/checkout';
import { amountDue, type PaymentMethodKind } from '../src/domain/payment-methods';
import { subtotalOf } from '../src/pricing/order-pricing';
import { FailureType } from '../src/domain/failure-types';
import type { UnitRelease } from '../src/domain/order-change';
import { businessFailure, lockOrder } from './business-failure';
import type { ActivityDeps } from './deps';
import {
  describeShortages,
  destinationOf,
  loadAvailableStock,
  MAX_PLAN_ATTEMPTS,
  reservePicks,
  StalePlan,
} from './reservations';

/** A plan for an order's units at `revision`, written by `write` in the order's transaction. */
interface PlanInput {
  orderId: string;
  revision: number;
  strategy: AllocationStrategyName;
  lines: { sku: string; quantity: number }[];
}

/**
 * Stock moves of order changes and reshipments. Each is idempotent by the reservation revision the workflow
 * gives it (a business key: the n-th change of the order's stock): a retry finds its rows and does nothing.
 */
export function createOrderChangeActivities({ db, allocation, carrier }: ActivityDeps) {
  const wroteRevision = async (trx: Knex.Transaction, orderId: string, revision: number) =>
    (await trx('reservations').where({ order_id: orderId, revision }).first('sku')) !== undefined;

  /**
   * Plans on an unlocked read and writes under the order's lock, planning again when the stock moved
   * meanwhile (as reserveStock does). `ownUnits` counts the order's own reservations as available, since
   * `write` gives them back in the same transaction.
   */
  async function planAndWrite(
    input: PlanInput,
    destination: ShippingAddress,
    ownUnits: boolean,
    write: (trx: Knex.Transaction, picks: AllocationSummary) => Promise<void>,
  ): Promise<AllocationSummary> {
    const skus = [...new Set(input.lines.map((l) => l.sku))];
    for (let attempt = 1; ; attempt += 1) {
      const warehouses = await loadAvailableStock(db, skus);
      if (ownUnits) {
        const own = await db('reservations').where({ order_id: input.orderId, status: 'reserved' });
        for (const row of own) {
          const warehouse = warehouses.find((w) => w.warehouseId === row.warehouse_id);
          if (warehouse) warehouse.available[row.sku] = (warehouse.available[row.sku] ?? 0) + row.quantity;
        }
      }
      const { chosen, alternative } = allocateAndCompare(input.strategy, {
        destination: destinationOf(destination),
        lines: input.lines,
        warehouses,
        costModel: allocation,
      });
      if (chosen.status === 'insufficient')
        throw businessFailure(FailureType.OutOfStock, describeShortages(chosen.shortages), chosen.shortages);
      const summary: AllocationSummary = {
        strategy: input.strategy,
        cost: chosen.cost,
        parcels: chosen.parcels,
        picks: chosen.picks,
        alternative,
      };
      try {
        return await db.transaction(async (trx) => {
          await lockOrder(trx, input.orderId);
          if (await wroteRevision(trx, input.orderId, input.revision)) {
            const order = await trx('orders').where({ id: input.orderId }).first('allocation');
            return order.allocation as AllocationSummary;
          }
          await write(trx, summary);
          await reservePicks(trx, input.orderId, summary.picks, input.revision);
          return summary;
        });
      } catch (error) {
        if (!(error instanceof StalePlan) || attempt >= MAX_PLAN_ATTEMPTS) throw error;
      }
    }
  }

  /** Gives the order's reserved units back to the pool (their rows become `released`). */
  async function releaseReserved(trx: Knex.Transaction, orderId: string): Promise<void> {
    const rows = await trx('reservations').where({ order_id: orderId, status: 'reserved' }).forUpdate();
    for (const row of rows)
      await trx('inventory')
        .where({ warehouse_id: row.warehouse_id, sku: row.sku })
        .decrement('reserved', row.quantity);
    await trx('reservations')
      .where({ order_id: orderId, status: 'reserved' })
      .update({ status: 'released', updated_at: trx.fn.now() });
  }

  return {
    /**
     * A new shipping address: the order's reserved units are released and its lines allocated again for
     * the new destination (the warehouses may change), in one transaction, with the address written to the
     * order row (labels are printed from it). Never short of stock: the order's own units count as free.
     */
    async reallocateStock(
      input: PlanInput & { shippingAddress: ShippingAddress },
    ): Promise<AllocationSummary> {
      return planAndWrite(input, input.shippingAddress, true, async (trx, summary) => {
        await releaseReserved(trx, input.orderId);
        await trx('orders')
          .where({ id: input.orderId })
          .update({
            shipping_address: JSON.stringify(input.shippingAddress),
            allocation: JSON.stringify(summary),
          });
      });
    },

    /**
     * A lost parcel sent again: its lines are reserved anew from available stock (any warehouse), at
     * `revision`, for the order's address. OutOfStock when the goods are gone.
     */
    async reserveReshipment(input: PlanInput): Promise<AllocationSummary> {
      const order = await db('orders').where({ id: input.orderId }).first('shipping_address');
      return planAndWrite(input, order.shipping_address as ShippingAddress, false, async () => undefined);
    },

    /**
     * A removed line or a lower quantity: exactly these units go back to the pool. A row released whole
     * moves to `revision`; a row released in part keeps the rest reserved and a `released` row at `revision`
     * records the part. The order's lines and allocation are rewritten to match.
     */
    async releaseUnits(input: {
      orderId: string;
      revision: number;
      releases: UnitRelease[];
      lines: { sku: string; quantity: number }[];
      allocation: AllocationSummary;
    }): Promise<{ releasedUnits: number }> {
      const { orderId, revision } = input;
      return db.transaction(async (trx) => {
        await lockOrder(trx, orderId);
        if (await wroteRevision(trx, orderId, revision)) return { releasedUnits: 0 };
        let releasedUnits = 0;
        for (const release of input.releases) {
          const where = { order_id: orderId, warehouse_id: release.warehouseId, sku: release.sku };
          const row = await trx('reservations')
            .where({ ...where, status: 'reserved' })
            .forUpdate()
            .first();
          const quantity = Math.min(release.quantity, row?.quantity ?? 0);
          if (quantity === 0) continue;
          if (quantity === row.quantity)
            await trx('reservations')
              .where({ ...where, status: 'reserved', revision: row.revision })
              .update({ status: 'released', revision, updated_at: trx.fn.now() });
          else {
            await trx('reservations')
              .where({ ...where, status: 'reserved', revision: row.revision })
              .decrement('quantity', quantity);
            await trx('reservations').insert({ ...where, quantity, status: 'released', revision });
          }
          await trx('inventory')
            .where({ warehouse_id: release.warehouseId, sku: release.sku })
            .decrement('reserved', quantity);
          releasedUnits += quantity;
        }
        await rewriteLines(trx, orderId, input.lines);
        await trx('orders')
          .where({ id: orderId })
          .update({ allocation: JSON.stringify(input.allocation) });
        await repriceLines(trx, orderId);
        return { releasedUnits };
      });
    },

    /** Voids the labels of parcels left empty by a change (nothing of the order is packed there now). */
    async cancelLabels({
      trackingNumbers,
    }: {
      orderId: string;
      trackingNumbers: string[];
    }): Promise<{ cancelled: string[] }> {
      const cancelled: string[] = [];
      for (const trackingNumber of trackingNumbers) {
        if (!(await carrier.cancelLabel(trackingNumber))) continue;
        await db('shipments')
          .where({ tracking_number: trackingNumber, status: 'label_created' })
          .update({ status: 'cancelled', updated_at: db.fn.now() });
        cancelled.push(trackingNumber);
      }
      return { cancelled };
    },
  };
}

/** The order's lines as they stand after a change: quantities lowered, removed lines gone. */
async function rewriteLines(
  trx: Knex.Transaction,
  orderId: string,
  lines: { sku: string; quantity: number }[],
): Promise<void> {
  const wanted = new Map(lines.map((line) => [line.sku, line.quantity]));
  for (const row of await trx('order_lines').where({ order_id: orderId })) {
    const quantity = wanted.get(row.sku) ?? 0;
    const which = trx('order_lines').where({ order_id: orderId, line_no: row.line_no });
    if (quantity === 0) await which.delete();
    else if (quantity !== row.quantity) await which.update({ quantity });
  }
}

/**
 * Keeps a priced order's pricing in step with its lines after a change: the subtotal and the method's fee
 * are worked out again; shipping stays as quoted at checkout (the same rule the workflow's amount uses).
 */
async function repriceLines(trx: Knex.Transaction, orderId: string): Promise<void> {
  const order = await trx('orders').where({ id: orderId }).first('pricing');
  const pricing = order?.pricing as OrderPricing | null;
  if (!pricing) return;
  const lines = await trx('order_lines').where({ order_id: orderId });
  const due = amountDue({
    currency: pricing.currency,
    subtotalMinor: subtotalOf(
      lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unit_price_minor })),
    ),
    shippingMinor: pricing.shippingMinor,
    method: pricing.paymentMethod as PaymentMethodKind,
  });
  await trx('orders')
    .where({ id: orderId })
    .update({ pricing: JSON.stringify({ ...pricing, ...due }) });
}
