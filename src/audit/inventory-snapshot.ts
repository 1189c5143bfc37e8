import type { Knex } from 'knex';

/** Units of one (warehouse, sku) by reservation status, as the `reservations` table holds them. */
export interface ReservationUnits {
  reserved: number;
  released: number;
  committed: number;
  returned: number;
}

/** One stock row at a moment, with the reservation units behind it then. */
export interface StockRowSnapshot {
  warehouseId: string;
  sku: string;
  onHand: number;
  reserved: number;
  units: ReservationUnits;
}

/** The opening state of stock the auditor compares against: taken before a run, before its first order. */
export interface InventorySnapshot {
  takenAt: string;
  rows: StockRowSnapshot[];
}

/** Units added on hand during a run (e.g. `PUT /v1/inventory/:warehouseId/:sku`), which the audit allows for. */
export interface Restock {
  warehouseId: string;
  sku: string;
  quantity: number;
}

export const stockKey = (warehouseId: string, sku: string) => `${warehouseId}/${sku}`;

const NO_UNITS: ReservationUnits = { reserved: 0, released: 0, committed: 0, returned: 0 };

/** Stock rows (optionally of some SKUs only) with their reservation units, read in one snapshot transaction. */
export async function readStockRows(db: Knex, skus?: readonly string[]): Promise<StockRowSnapshot[]> {
  // REPEATABLE READ: inventory and reservations are read as of one instant, as the checks need them.
  return db.transaction(
    async (trx) => {
      const inventory = trx('inventory').orderBy(['warehouse_id', 'sku']);
      const reservations = trx('reservations')
        .groupBy('warehouse_id', 'sku', 'status')
        .select('warehouse_id', 'sku', 'status')
        .sum({ units: 'quantity' });
      if (skus) {
        inventory.whereIn('sku', skus);
        reservations.whereIn('sku', skus);
      }
      const units = new Map<string, ReservationUnits>();
      const grouped = (await reservations) as {
        warehouse_id: string;
        sku: string;
        status: string;
        units: string;
      }[];
      for (const row of grouped) {
        const key = stockKey(row.warehouse_id, row.sku);
        const entry = units.get(key) ?? { ...NO_UNITS };
        if (row.status in entry) entry[row.status as keyof ReservationUnits] += Number(row.units);
        units.set(key, entry);
      }
      // A refund application's return brings back some units of a reservation that stays `committed`:
      // those units count as returned (a whole-order return later marks the reservation `returned` itself).
      const partly = trx('return_lines as l')
        .join('reservations as r', (on) =>
          on.on('r.order_id', 'l.order_id').andOn('r.warehouse_id', 'l.warehouse_id').andOn('r.sku', 'l.sku'),
        )
        .whereNotNull('l.restocked_at')
        .where('r.status', 'committed')
        .groupBy('l.warehouse_id', 'l.sku')
        .select('l.warehouse_id', 'l.sku')
        .sum({ units: 'l.quantity' });
      if (skus) partly.whereIn('l.sku', skus);
      for (const row of (await partly) as { warehouse_id: string; sku: string; units: string }[]) {
        const entry = units.get(stockKey(row.warehouse_id, row.sku));
        if (!entry) continue;
        entry.committed -= Number(row.units);
        entry.returned += Number(row.units);
      }
      return (await inventory).map((row) => ({
        warehouseId: row.warehouse_id as string,
        sku: row.sku as string,
        onHand: Number(row.on_hand),
        reserved: Number(row.reserved),
        units: units.get(stockKey(row.warehouse_id, row.sku)) ?? { ...NO_UNITS },
      }));
    },
    { isolationLevel: 'repeatable read' },
  );
}

/** Takes the opening snapshot of stock (optionally of some SKUs only): call it before the run's first order. */
export async function takeInventorySnapshot(db: Knex, skus?: readonly string[]): Promise<InventorySnapshot> {
  return { takenAt: new Date().toISOString(), rows: await readStockRows(db, skus) };
}
