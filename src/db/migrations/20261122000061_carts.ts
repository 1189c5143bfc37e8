import type { Knex } from 'knex';

/**
 * Server-side carts as PostgreSQL rows (see README, "Carts": why rows rather than a workflow per cart).
 * A cart never reserves stock; its lines keep the unit price snapshotted when they were added.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('carts', (t) => {
    t.uuid('id').primary();
    t.string('customer_id', 64).notNullable().references('customers.id');
    t.string('currency', 3).notNullable();
    t.string('status', 20).notNullable().defaultTo('open'); // open | checked_out
    t.uuid('order_id');
    // The scoped Idempotency-Key of the checkout, so that its repeat answers the same order.
    t.string('checkout_key', 64);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Inactivity is measured from here (CART_IDLE_TIMEOUT).
    t.timestamp('last_activity_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('checked_out_at', { useTz: true });
    t.index(['customer_id', 'created_at']);
  });
  await knex.raw(
    "ALTER TABLE carts ADD CONSTRAINT carts_checked_out CHECK ((status = 'open') = (order_id IS NULL))",
  );
  await knex.schema.createTable('cart_lines', (t) => {
    t.uuid('cart_id').notNullable().references('carts.id').onDelete('CASCADE');
    t.string('sku', 64).notNullable().references('products.sku');
    t.integer('quantity').notNullable().checkPositive();
    t.bigInteger('unit_price_minor').notNullable();
    // 'list' (a price-list row) or 'converted' (the base price at `rate`).
    t.string('price_source', 16).notNullable();
    t.jsonb('rate');
    t.timestamp('added_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['cart_id', 'sku']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('cart_lines');
  await knex.schema.dropTable('carts');
}
