import type { Knex } from 'knex';

/** Catalog, warehouses, stock and customers. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('products', (t) => {
    t.string('sku', 64).primary();
    t.string('name', 200).notNullable();
    t.bigInteger('price_minor').notNullable().checkPositive();
    t.string('currency', 3).notNullable();
  });
  await knex.schema.createTable('warehouses', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.double('lat').notNullable();
    t.double('lon').notNullable();
    // Integer cost units per unit shipped, added to the distance cost by the optimal allocator.
    t.integer('handling_cost').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('inventory', (t) => {
    t.string('warehouse_id', 64).notNullable().references('warehouses.id');
    t.string('sku', 64).notNullable().references('products.sku');
    t.integer('on_hand').notNullable();
    t.integer('reserved').notNullable().defaultTo(0);
    t.primary(['warehouse_id', 'sku']);
  });
  // The database itself refuses oversell, whatever the application does.
  await knex.raw(
    'ALTER TABLE inventory ADD CONSTRAINT inventory_stock_bounds CHECK (reserved >= 0 AND reserved <= on_hand)',
  );
  await knex.schema.createTable('customers', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('email', 200).notNullable();
    t.string('country', 2).notNullable();
    t.double('home_lat');
    t.double('home_lon');
    t.integer('chargebacks').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('customers');
  await knex.schema.dropTable('inventory');
  await knex.schema.dropTable('warehouses');
  await knex.schema.dropTable('products');
}
