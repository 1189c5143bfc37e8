import type { Knex } from 'knex';
import { SEED_CUSTOMERS, SEED_PRODUCTS, SEED_STOCK, SEED_WAREHOUSES } from './seed-data';

/**
 * Loads the demo shop. Safe to run on every start: catalog rows are upserted, while stock and
 * customers are only inserted when missing, so restocks and sales made since survive a restart.
 */
export async function seed(db: Knex): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('products').insert(SEED_PRODUCTS).onConflict('sku').merge();
    await trx('warehouses').insert(SEED_WAREHOUSES).onConflict('id').merge();
    await trx('inventory')
      .insert(SEED_STOCK.map(([warehouse_id, sku, on_hand]) => ({ warehouse_id, sku, on_hand, reserved: 0 })))
      .onConflict(['warehouse_id', 'sku'])
      .ignore();
    await trx('customers').insert(SEED_CUSTOMERS).onConflict('id').ignore();
  });
}
