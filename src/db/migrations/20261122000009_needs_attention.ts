import type { Knex } from 'knex';

/** Why a person should look at an order (a lost parcel, a refund that could not be made); null when fine. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.string('needs_attention', 200);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => t.dropColumn('needs_attention'));
}
