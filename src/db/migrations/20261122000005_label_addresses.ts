import type { Knex } from 'knex';

/** Carrier labels record who they are addressed to: the customer's full address and the warehouse. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sandbox_carrier_labels', (t) => {
    t.string('direction', 10); // outbound | return; null on labels made before this migration
    t.string('warehouse_id', 64);
    t.jsonb('customer_address');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sandbox_carrier_labels', (t) => {
    t.dropColumn('direction');
    t.dropColumn('warehouse_id');
    t.dropColumn('customer_address');
  });
}
