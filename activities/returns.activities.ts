import type { ShipmentView } from '../src/domain/checkout';
import type { ApplicationLine } from '../src/domain/refund-applications';
import { lockOrder } from './business-failure';
import type { ActivityDeps } from './deps';
import { labelAddressOf, labelParcel } from './shipping.activities';

/** A refund application's return: the parcels to label, one per warehouse the lines came from. */
export interface LineReturnInput {
  orderId: string;
  applicationId: string;
  parcels: { warehouseId: string; lines: ApplicationLine[] }[];
}

/**
 * Returns of some lines for a refund application: labels for those lines only (one parcel per warehouse),
 * and their restock when the parcel comes back. The whole-order return (a cancellation after dispatch)
 * lives in shipping.activities.ts and inventory.activities.ts.
 */
export function createReturnsActivities({ db, carrier }: Pick<ActivityDeps, 'db' | 'carrier'>) {
  return {
    /**
     * Return labels for an application's lines, one per warehouse, each with the lines it carries back.
     * Idempotent: the shipment id (also the carrier's key) is made from the application and warehouse.
     */
    async createLineReturnShipments({
      orderId,
      applicationId,
      parcels,
    }: LineReturnInput): Promise<ShipmentView[]> {
      const customer = await labelAddressOf(db, orderId);
      const labels: ShipmentView[] = [];
      for (const parcel of parcels) {
        const id = `${orderId}:${parcel.warehouseId}:return:${applicationId}`;
        const view = await labelParcel(
          { db, carrier },
          { id, orderId, warehouseId: parcel.warehouseId, kind: 'return', customer },
        );
        await db('return_lines')
          .insert(
            parcel.lines.map((line) => ({
              shipment_id: id,
              order_id: orderId,
              application_id: applicationId,
              warehouse_id: parcel.warehouseId,
              sku: line.sku,
              quantity: line.quantity,
            })),
          )
          .onConflict(['shipment_id', 'sku'])
          .ignore();
        labels.push({ ...view, applicationId });
      }
      return labels;
    },

    /**
     * The returned lines of the given parcels are back on the shelf: each line's units go back on hand,
     * exactly once (its `restocked_at` is set in the same transaction, under the order's lock).
     */
    async restockReturnedLines({
      orderId,
      trackingNumbers,
    }: {
      orderId: string;
      trackingNumbers: string[];
    }): Promise<{ restockedUnits: number }> {
      return db.transaction(async (trx) => {
        await lockOrder(trx, orderId);
        const lines = await trx('return_lines as l')
          .join('shipments as s', 's.id', 'l.shipment_id')
          .where('l.order_id', orderId)
          .whereIn('s.tracking_number', trackingNumbers)
          .whereNull('l.restocked_at')
          .select('l.shipment_id', 'l.warehouse_id', 'l.sku', 'l.quantity');
        for (const line of lines) {
          await trx('inventory')
            .where({ warehouse_id: line.warehouse_id, sku: line.sku })
            .increment('on_hand', line.quantity);
          await trx('return_lines')
            .where({ shipment_id: line.shipment_id, sku: line.sku })
            .update({ restocked_at: trx.fn.now() });
        }
        return { restockedUnits: lines.reduce((sum, line) => sum + line.quantity, 0) };
      });
    },
  };
}
