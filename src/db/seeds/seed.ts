import type { Knex } from 'knex';
import {
  SEED_CUSTOMERS,
  SEED_PRICES,
  SEED_PRODUCTS,
  SEED_RATES,
  SEED_RATES_AS_OF,
  SEED_STOCK,
  SEED_WAREHOUSES,
} from './seed-data';

/**
 * Loads the demo shop. Safe to run on every start: catalog rows are upserted, while stock, customers,
 * price-list rows and rates are only inserted when missing, so restocks, sales and an admin's price or rate
 * changes made since survive a restart.
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
    await trx('product_prices')
      .insert(SEED_PRICES.map(([sku, currency, price_minor]) => ({ sku, currency, price_minor })))
      .onConflict(['sku', 'currency'])
      .ignore();
    await trx('exchange_rates')
      .insert(
        SEED_RATES.map(([from_currency, to_currency, rate]) => ({
          from_currency,
          to_currency,
          rate,
          as_of: SEED_RATES_AS_OF,
        })),
      )
      .onConflict(['from_currency', 'to_currency'])
      .ignore();
  });
}
