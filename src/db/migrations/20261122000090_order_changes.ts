import type { Knex } from 'knex';

/**
 * Order changes and reshipments write an order's reservations more than once: a new address re-allocates
 * (old rows released, new ones reserved), a removed line releases part of a row, a lost parcel is reserved
 * again. Each such write is a revision of the order's reservations (0 for the first allocation), part of
 * the key, so rows of different revisions for the same warehouse and SKU live side by side.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reservations', (t) => {
    t.integer('revision').notNullable().defaultTo(0);
  });
  await knex.raw('ALTER TABLE reservations DROP CONSTRAINT reservations_pkey');
  await knex.raw(
    'ALTER TABLE reservations ADD CONSTRAINT reservations_pkey PRIMARY KEY (order_id, revision, warehouse_id, sku)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DELETE FROM reservations WHERE revision > 0');
  await knex.raw('ALTER TABLE reservations DROP CONSTRAINT reservations_pkey');
  await knex.raw(
    'ALTER TABLE reservations ADD CONSTRAINT reservations_pkey PRIMARY KEY (order_id, warehouse_id, sku)',
  );
  await knex.schema.alterTable('reservations', (t) => {
    t.dropColumn('revision');
  });
}
