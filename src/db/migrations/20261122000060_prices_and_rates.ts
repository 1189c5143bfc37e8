import type { Knex } from 'knex';

/**
 * Multi-currency: price lists per currency, exchange rates with their as-of time, the pricing an order was
 * placed with (amount due and the rates used), and each warehouse's country.
 */
export async function up(knex: Knex): Promise<void> {
  // A product's price in one currency. A currency without a row is priced by converting the base price
  // (products.price_minor in products.currency) at the rate in exchange_rates.
  await knex.schema.createTable('product_prices', (t) => {
    t.string('sku', 64).notNullable().references('products.sku').onDelete('CASCADE');
    t.string('currency', 3).notNullable();
    t.bigInteger('price_minor').notNullable().checkPositive();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['sku', 'currency']);
  });
  // Units of to_currency per one unit of from_currency; one row per direction, so no rate is ever inverted.
  await knex.schema.createTable('exchange_rates', (t) => {
    t.string('from_currency', 3).notNullable();
    t.string('to_currency', 3).notNullable();
    t.decimal('rate', 24, 12).notNullable();
    t.timestamp('as_of', { useTz: true }).notNullable();
    t.primary(['from_currency', 'to_currency']);
  });
  await knex.raw(
    'ALTER TABLE exchange_rates ADD CONSTRAINT exchange_rates_positive CHECK (rate > 0 AND from_currency <> to_currency)',
  );
  await knex.schema.alterTable('orders', (t) => {
    // The amount due breakdown and every rate used (src/domain/checkout.ts OrderPricing); null on older orders.
    t.jsonb('pricing');
  });
  await knex.schema.alterTable('warehouses', (t) => {
    t.string('country', 2).notNullable().defaultTo('US');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('warehouses', (t) => {
    t.dropColumn('country');
  });
  await knex.schema.alterTable('orders', (t) => {
    t.dropColumn('pricing');
  });
  await knex.schema.dropTable('exchange_rates');
  await knex.schema.dropTable('product_prices');
}
