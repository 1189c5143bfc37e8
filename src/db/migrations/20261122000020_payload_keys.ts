import type { Knex } from 'knex';

/**
 * Data keys for the payload codec, wrapped by a master key, and the owner of each checkout. A data key
 * belongs to an owner (`app`, or `customer:<id>`); rotating adds a version, erasure destroys the key
 * material of every version but keeps the row, so a payload under it says clearly why it cannot be read.
 * Order owners are written by the API before a checkout starts (the order row comes after the run's
 * start), so the codec can pick the customer's key for every payload of `checkout-<orderId>`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('data_keys', (t) => {
    t.uuid('id').primary();
    t.string('owner', 100).notNullable();
    t.integer('version').notNullable();
    t.binary('wrapped_key'); // null once destroyed
    t.string('master_key_id', 64); // the master key that wrapped it; null once destroyed
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('destroyed_at', { useTz: true });
    t.unique(['owner', 'version']);
  });
  await knex.schema.createTable('order_owners', (t) => {
    t.uuid('order_id').primary();
    t.string('customer_id', 64).notNullable().references('customers.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['customer_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('order_owners');
  await knex.schema.dropTable('data_keys');
}
