import type { ShipmentView, ShippingAddress } from '../src/domain/checkout';
import { FailureType } from '../src/domain/failure-types';
import { businessFailure } from './business-failure';
import type { ActivityDeps } from './deps';

const toView = (row: Record<string, string>): ShipmentView => ({
  shipmentId: row.id!,
  kind: row.kind as ShipmentView['kind'],
  warehouseId: row.warehouse_id!,
  carrier: row.carrier!,
  trackingNumber: row.tracking_number!,
  status: row.status as ShipmentView['status'],
});

/**
 * The statuses a shipment may move to each status from: forward only, never out of `cancelled`; a parcel in
 * an `exception` moves on (in transit again, delivered, lost or sent back), and one in transit may hit one.
 */
const EARLIER_STATUSES: Record<ShipmentView['status'], ShipmentView['status'][]> = {
  label_created: [],
  in_transit: ['label_created', 'exception'],
  exception: ['label_created', 'in_transit'],
  delivered: ['label_created', 'in_transit', 'exception'],
  lost: ['label_created', 'in_transit', 'exception'],
  returned_to_sender: ['label_created', 'in_transit', 'exception'],
  cancelled: ['label_created'],
};

/** One parcel's label, written once under its id (the carrier's idempotency key too). */
export interface ParcelLabel {
  id: string;
  orderId: string;
  warehouseId: string;
  kind: ShipmentView['kind'];
  customer: ShippingAddress;
}

/** Labels a parcel with the carrier and records its shipment row; a retry finds the same label. */
export async function labelParcel(
  { db, carrier }: Pick<ActivityDeps, 'db' | 'carrier'>,
  { id, orderId, warehouseId, kind, customer }: ParcelLabel,
): Promise<ShipmentView> {
  const { trackingNumber } = await carrier.createLabel({
    idempotencyKey: id,
    direction: kind,
    warehouseId,
    customer,
  });
  await db('shipments')
    .insert({
      id,
      order_id: orderId,
      warehouse_id: warehouseId,
      kind,
      carrier: carrier.name,
      tracking_number: trackingNumber,
      status: 'label_created',
    })
    .onConflict('id')
    .ignore();
  return toView(await db('shipments').where({ id }).first());
}

/** The address labels go to, from the order row: it stays out of activity payloads. */
export async function labelAddressOf(db: ActivityDeps['db'], orderId: string): Promise<ShippingAddress> {
  const order = await db('orders').where({ id: orderId }).first('shipping_address');
  return order.shipping_address as ShippingAddress;
}

/** Shipping activities: createShipments and its undo cancelShipments, plus carrier updates and returns. */
export function createShippingActivities({ db, carrier }: ActivityDeps) {
  const labelShipment = (
    orderId: string,
    warehouseId: string,
    kind: ShipmentView['kind'],
    customer: ShippingAddress,
    revision = 0,
  ) => {
    // Revision 0 keeps the first allocation's keys; a re-allocation or a reshipment labels under its own.
    const parcel = revision ? `${orderId}:${warehouseId}:r${revision}` : `${orderId}:${warehouseId}`;
    const id = kind === 'outbound' ? parcel : `${parcel}:return`;
    return labelParcel({ db, carrier }, { id, orderId, warehouseId, kind, customer });
  };

  /**
   * Labels one parcel per warehouse holding this order's units in the given reservation status (only those
   * of one reservation revision, when given).
   */
  async function labelEach(
    orderId: string,
    reservationStatus: string,
    kind: ShipmentView['kind'],
    revision?: number,
  ) {
    const customer = await labelAddressOf(db, orderId);
    const rows = await db('reservations')
      .where({ order_id: orderId, status: reservationStatus, ...(revision ? { revision } : {}) })
      .distinct('warehouse_id')
      .orderBy('warehouse_id');
    const shipments: ShipmentView[] = [];
    for (const { warehouse_id } of rows)
      shipments.push(await labelShipment(orderId, warehouse_id, kind, customer, revision));
    return shipments;
  }

  return {
    /**
     * One shipment per warehouse the order was allocated to, each with a carrier tracking number. With a
     * revision (a new address, a reshipment), only that revision's units, under keys of their own.
     */
    async createShipments({
      orderId,
      revision,
    }: {
      orderId: string;
      country?: string;
      revision?: number;
    }): Promise<ShipmentView[]> {
      const shipments = await labelEach(orderId, 'reserved', 'outbound', revision);
      return revision ? shipments.map((s) => ({ ...s, revision })) : shipments;
    },

    /** Undo of createShipments: voids labels while parcels have not moved. Safe to run twice. */
    async cancelShipments({ orderId }: { orderId: string }): Promise<{ cancelled: number }> {
      const open = await db('shipments')
        .where({ order_id: orderId, kind: 'outbound' })
        .whereNot({ status: 'cancelled' });
      for (const shipment of open) {
        if (!(await carrier.cancelLabel(shipment.tracking_number))) {
          throw businessFailure(
            FailureType.ShipmentNotCancellable,
            `shipment ${shipment.tracking_number} is already ${shipment.status}`,
          );
        }
        await db('shipments')
          .where({ id: shipment.id })
          .update({ status: 'cancelled', updated_at: db.fn.now() });
      }
      return { cancelled: open.length };
    },

    /**
     * For a return: voids the outbound labels whose parcels never left, and reports which parcels did leave
     * (the carrier refuses to void those). Safe to run twice.
     */
    async cancelUnmovedShipments({ orderId }: { orderId: string }): Promise<{
      cancelled: { trackingNumber: string; warehouseId: string }[];
      moving: { trackingNumber: string; warehouseId: string }[];
    }> {
      const parcels = await db('shipments').where({ order_id: orderId, kind: 'outbound' }).orderBy('id');
      const cancelled: { trackingNumber: string; warehouseId: string }[] = [];
      const moving: { trackingNumber: string; warehouseId: string }[] = [];
      for (const parcel of parcels) {
        const ref = { trackingNumber: parcel.tracking_number, warehouseId: parcel.warehouse_id };
        if (parcel.status === 'cancelled') cancelled.push(ref);
        else if (parcel.status === 'label_created' && (await carrier.cancelLabel(parcel.tracking_number))) {
          await db('shipments')
            .where({ id: parcel.id })
            .update({ status: 'cancelled', updated_at: db.fn.now() });
          cancelled.push(ref);
        } else moving.push(ref);
      }
      return { cancelled, moving };
    },

    /**
     * Records a carrier status on the shipment row (the workflow decides what it means). Statuses only
     * move forward, and a cancelled label stays cancelled whatever arrives late.
     */
    async markShipment({
      trackingNumber,
      status,
    }: {
      trackingNumber: string;
      status: ShipmentView['status'];
    }): Promise<void> {
      await db('shipments')
        .where({ tracking_number: trackingNumber })
        .whereIn('status', EARLIER_STATUSES[status])
        .update({ status, updated_at: db.fn.now() });
    },

    /** Return labels, one per warehouse the goods came from, for a cancellation after dispatch. */
    async createReturnShipments({ orderId }: { orderId: string; country?: string }): Promise<ShipmentView[]> {
      return labelEach(orderId, 'committed', 'return');
    },
  };
}
