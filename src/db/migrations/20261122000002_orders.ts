import type { Knex } from 'knex';

/** Orders (a projection of workflow state), their lines, reservations and timeline. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('orders', (t) => {
    t.uuid('id').primary();
    t.string('customer_id', 64).notNullable().references('customers.id');
    t.string('status', 20).notNullable();
    t.string('currency', 3).notNullable();
    t.bigInteger('total_minor').notNullable();
    t.bigInteger('captured_minor').notNullable().defaultTo(0);
    t.bigInteger('refunded_minor').notNullable().defaultTo(0);
    t.jsonb('shipping_address').notNullable();
    t.string('payment_method', 20).notNullable();
    t.string('allocation_strategy', 20).notNullable();
    t.jsonb('allocation');
    t.jsonb('risk');
    t.jsonb('failure');
    t.string('idempotency_key', 200).unique();
    t.string('request_hash', 64);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['customer_id', 'created_at']);
    t.index(['status']);
  });
  await knex.raw(
    'ALTER TABLE orders ADD CONSTRAINT orders_money_bounds CHECK (captured_minor >= 0 AND refunded_minor >= 0 AND refunded_minor <= captured_minor AND captured_minor <= total_minor)',
  );
  await knex.schema.createTable('order_lines', (t) => {
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.integer('line_no').notNullable();
    t.string('sku', 64).notNullable().references('products.sku');
    t.integer('quantity').notNullable().checkPositive();
    t.bigInteger('unit_price_minor').notNullable();
    t.primary(['order_id', 'line_no']);
  });
  await knex.schema.createTable('reservations', (t) => {
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.string('warehouse_id', 64).notNullable().references('warehouses.id');
    t.string('sku', 64).notNullable().references('products.sku');
    t.integer('quantity').notNullable().checkPositive();
    t.string('status', 20).notNullable(); // reserved | released | committed
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['order_id', 'warehouse_id', 'sku']);
  });
  await knex.schema.createTable('order_events', (t) => {
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.string('step', 40).notNullable();
    t.string('outcome', 20).notNullable();
    t.string('status', 20).notNullable();
    t.text('detail');
    t.timestamp('at', { useTz: true }).notNullable();
    t.primary(['order_id', 'seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('order_events');
  await knex.schema.dropTable('reservations');
  await knex.schema.dropTable('order_lines');
  await knex.schema.dropTable('orders');
}
