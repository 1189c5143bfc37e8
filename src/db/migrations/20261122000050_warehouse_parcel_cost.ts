import type { Knex } from 'knex';

/**
 * A fixed cost per parcel shipped from each warehouse (its carrier's per-parcel rate, in the same cost
 * units as handling_cost). The optimal allocator weighs it against unit costs, so splitting an order into
 * more parcels is no longer free.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('warehouses', (t) => {
    t.double('parcel_cost').notNullable().defaultTo(0);
  });
  await knex.raw(
    'ALTER TABLE warehouses ADD CONSTRAINT warehouses_parcel_cost_bounds CHECK (parcel_cost >= 0)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('warehouses', (t) => {
    t.dropColumn('parcel_cost');
  });
}
