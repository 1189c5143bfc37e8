import type { Knex } from 'knex';
import { InvariantCheck, type InvariantResult } from './audit-report';
import {
  readStockRows,
  stockKey,
  type InventorySnapshot,
  type Restock,
  type StockRowSnapshot,
} from './inventory-snapshot';

/** What the stock audit looks at. */
export interface StockAuditInput {
  /** Only these SKUs (e.g. those a test created); every SKU when omitted. */
  skus?: readonly string[];
  /** Stock before the run; without it only the bounds and the reserved units are checked. */
  snapshot?: InventorySnapshot;
  /** Units added on hand since the snapshot. */
  restocks?: readonly Restock[];
  /** Orders whose reservations are checked against their status; every order when omitted. */
  orderIds?: readonly string[];
  maxExamples?: number;
}

/**
 * Reservation statuses an order may still hold once its status is final. A completed order's goods have left
 * (committed), or come back from a return or the carrier (returned), or were never sent (released by a change); an order that ended without goods kept has released
 * its reservation, or had it returned. A `reserved` unit on any final order is stock nobody will ever free.
 */
const ALLOWED_AT_END: Record<string, readonly string[]> = {
  // Released: a line removed before dispatch, or units given back when the address moved the allocation.
  completed: ['committed', 'returned', 'released'],
  cancelled: ['released', 'returned'],
  rejected: ['released', 'returned'],
  failed: ['released', 'returned'],
};

/**
 * Stock: for every (warehouse, sku), `0 <= reserved <= on_hand`; `reserved` equals the units of reservations in
 * status `reserved`; and, against an opening snapshot, `on_hand == opening on_hand + restocks − units committed
 * since + units returned since`. The moves behind this (activities/inventory.activities.ts): reserve adds to
 * `reserved`; release takes it back; commit takes the units off both `reserved` and `on_hand`; a return puts
 * them back on hand. Units committed since the snapshot are those now committed or returned minus those that
 * were then, since a returned unit was committed first. Also checks that final orders hold no live reservation,
 * and that goods the carrier delivered back (a return parcel it reported `delivered`) are back in stock.
 */
export async function checkStock(db: Knex, input: StockAuditInput = {}): Promise<InvariantResult> {
  const check = new InvariantCheck('stock', input.maxExamples);
  const rows = await readStockRows(db, input.skus);
  const opening = new Map(input.snapshot?.rows.map((row) => [stockKey(row.warehouseId, row.sku), row]));
  const restocked = new Map<string, number>();
  for (const r of input.restocks ?? []) {
    const key = stockKey(r.warehouseId, r.sku);
    restocked.set(key, (restocked.get(key) ?? 0) + r.quantity);
  }
  for (const key of ['rows', 'rowsAgainstSnapshot', 'onHand', 'reserved', 'committedSince', 'returnedSince'])
    check.count(key, 0);
  check.count(
    'restocked',
    [...restocked.values()].reduce((a, b) => a + b, 0),
  );

  for (const row of rows) {
    const where = { warehouseId: row.warehouseId, sku: row.sku };
    check.count('rows');
    check.count('onHand', row.onHand);
    check.count('reserved', row.reserved);
    if (row.reserved < 0 || row.reserved > row.onHand) {
      check.fail({ ...where, message: `reserved ${row.reserved} is outside 0..on_hand ${row.onHand}` });
    }
    if (row.reserved !== row.units.reserved) {
      check.fail({
        ...where,
        message: `reserved ${row.reserved} but reservations in status 'reserved' hold ${row.units.reserved}`,
      });
    }
    const open = opening.get(stockKey(row.warehouseId, row.sku));
    if (open) conservation(check, row, open, restocked.get(stockKey(row.warehouseId, row.sku)) ?? 0);
  }
  await checkOrderReservations(db, check, input);
  await checkReturnedParcels(db, check, input);
  await checkReturnedLines(db, check, input);
  await checkSentBackParcels(db, check, input);
  return check.result();
}

function conservation(
  check: InvariantCheck,
  now: StockRowSnapshot,
  open: StockRowSnapshot,
  restocks: number,
) {
  const committedSince =
    now.units.committed + now.units.returned - (open.units.committed + open.units.returned);
  const returnedSince = now.units.returned - open.units.returned;
  const expected = open.onHand + restocks - committedSince + returnedSince;
  check.count('rowsAgainstSnapshot');
  check.count('committedSince', committedSince);
  check.count('returnedSince', returnedSince);
  if (now.onHand !== expected) {
    check.fail({
      warehouseId: now.warehouseId,
      sku: now.sku,
      message:
        `on_hand ${now.onHand}, expected ${expected} = opening ${open.onHand} + restocks ${restocks}` +
        ` − committed ${committedSince} + returned ${returnedSince}`,
    });
  }
}

/** Final orders hold only the reservation statuses their ending allows (see ALLOWED_AT_END). */
async function checkOrderReservations(db: Knex, check: InvariantCheck, input: StockAuditInput) {
  const query = db('reservations as r')
    .join('orders as o', 'o.id', 'r.order_id')
    .whereIn('o.status', Object.keys(ALLOWED_AT_END))
    .select('o.id', 'o.status as order_status', 'r.warehouse_id', 'r.sku', 'r.status', 'r.quantity');
  if (input.orderIds) query.whereIn('o.id', input.orderIds);
  if (input.skus) query.whereIn('r.sku', input.skus);
  const seen = new Set<string>();
  for (const row of await query) {
    seen.add(row.id);
    if (ALLOWED_AT_END[row.order_status]!.includes(row.status)) continue;
    check.fail({
      orderId: row.id,
      warehouseId: row.warehouse_id,
      sku: row.sku,
      message: `order is ${row.order_status} but holds ${row.quantity} unit(s) in status '${row.status}'`,
    });
  }
  check.count('finalOrdersWithReservations', seen.size);
}

/**
 * The lines of a refund application's return parcel that the carrier reported delivered are back on hand
 * (`restocked_at` set). Checked once the order is final or its run has closed, like the whole-order return.
 */
async function checkReturnedLines(db: Knex, check: InvariantCheck, input: StockAuditInput) {
  const lines = db('return_lines as l')
    .join('shipments as s', 's.id', 'l.shipment_id')
    .join('carrier_events as e', (on) =>
      on.on('e.tracking_number', 's.tracking_number').andOnVal('e.status', '=', 'delivered'),
    )
    .join('refund_applications as a', (on) =>
      on.on('a.order_id', 'l.order_id').andOn('a.application_id', 'l.application_id'),
    )
    .whereNull('l.restocked_at')
    // An application still in progress restocks once all its parcels are in (or their wait is over).
    .whereIn('a.status', ['refunded', 'rejected', 'return_lapsed', 'failed'])
    .select('l.order_id', 'l.warehouse_id', 'l.sku', 'l.quantity', 's.tracking_number');
  if (input.orderIds) lines.whereIn('l.order_id', input.orderIds);
  if (input.skus) lines.whereIn('l.sku', input.skus);
  for (const line of await lines)
    check.fail({
      orderId: line.order_id,
      warehouseId: line.warehouse_id,
      sku: line.sku,
      message: `the carrier delivered return parcel ${line.tracking_number}, but its ${line.quantity} unit(s) were never restocked`,
    });
}

/**
 * What the carrier says against what the saga did: a return parcel the carrier reported delivered (a webhook
 * recorded in `carrier_events`, so passed to a live run) brought its units back, so the order's reservations
 * at that warehouse must be `returned`. Units still committed are stock counted as gone that is on the shelf,
 * and a customer whose goods came back but who was never refunded for them.
 */
async function checkReturnedParcels(db: Knex, check: InvariantCheck, input: StockAuditInput) {
  const parcels = db('shipments as s')
    .join('carrier_events as e', (on) =>
      on.on('e.tracking_number', 's.tracking_number').andOnVal('e.status', '=', 'delivered'),
    )
    .where('s.kind', 'return')
    // A refund application's parcel carries some lines only: checked line by line below.
    .whereNotExists((q) => q.select(1).from('return_lines as l').whereRaw('l.shipment_id = s.id'))
    .select('s.order_id', 's.warehouse_id', 's.tracking_number', 'e.received_at');
  if (input.orderIds) parcels.whereIn('s.order_id', input.orderIds);
  check.count('returnParcelsDelivered', 0);
  for (const parcel of await parcels) {
    check.count('returnParcelsDelivered');
    const units = db('reservations')
      .where({ order_id: parcel.order_id, warehouse_id: parcel.warehouse_id })
      .whereNot({ status: 'returned' })
      .select('sku', 'status', 'quantity');
    if (input.skus) units.whereIn('sku', input.skus);
    for (const unit of await units) {
      check.fail({
        orderId: parcel.order_id,
        warehouseId: parcel.warehouse_id,
        sku: unit.sku,
        message:
          `the carrier delivered return parcel ${parcel.tracking_number} at ` +
          `${new Date(parcel.received_at).toISOString()}, but ${unit.quantity} unit(s) are still '${unit.status}'`,
      });
    }
  }
}

/** The reservation revision an outbound parcel carries, from its id (`<order>:<warehouse>[:r<revision>]`). */
const revisionOfParcel = (shipmentId: string) => Number(/:r(\d+)$/.exec(shipmentId)?.[1] ?? 0);

/**
 * A parcel the carrier reported `returned_to_sender` (order changes, issue 8) is back on the shelf: its units
 * (those of its warehouse and reservation revision) must be `returned`, not still counted as gone.
 */
async function checkSentBackParcels(db: Knex, check: InvariantCheck, input: StockAuditInput) {
  const parcels = db('shipments as s')
    .join('carrier_events as e', (on) =>
      on.on('e.tracking_number', 's.tracking_number').andOnVal('e.status', '=', 'returned_to_sender'),
    )
    .where('s.kind', 'outbound')
    .select('s.id', 's.order_id', 's.warehouse_id', 's.tracking_number');
  if (input.orderIds) parcels.whereIn('s.order_id', input.orderIds);
  check.count('parcelsSentBack', 0);
  for (const parcel of await parcels) {
    check.count('parcelsSentBack');
    const units = db('reservations')
      .where({
        order_id: parcel.order_id,
        warehouse_id: parcel.warehouse_id,
        revision: revisionOfParcel(parcel.id),
      })
      .whereIn('status', ['reserved', 'committed'])
      .select('sku', 'status', 'quantity');
    if (input.skus) units.whereIn('sku', input.skus);
    for (const unit of await units)
      check.fail({
        orderId: parcel.order_id,
        warehouseId: parcel.warehouse_id,
        sku: unit.sku,
        message: `the carrier sent parcel ${parcel.tracking_number} back, but ${unit.quantity} unit(s) are still '${unit.status}'`,
      });
  }
}
