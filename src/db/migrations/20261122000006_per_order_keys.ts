import type { Knex } from 'knex';

/**
 * Keys that belong to one order: refunds are identified by (order, refundId), so no request can borrow
 * another order's refund, and each keeps the provider key it was first sent under. The order row records
 * the sequence number of the last event it projects, so a late write can never move it backwards.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('refunds', (t) => {
    t.dropPrimary();
    t.string('provider_key', 300);
  });
  await knex('refunds').update({ provider_key: knex.ref('id') });
  await knex.schema.alterTable('refunds', (t) => {
    t.primary(['order_id', 'id']);
    t.dropNullable('provider_key');
    t.unique(['provider_key']);
  });
  await knex.schema.alterTable('orders', (t) => {
    t.integer('last_seq').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => t.dropColumn('last_seq'));
  await knex.schema.alterTable('refunds', (t) => {
    t.dropUnique(['provider_key']);
    t.dropPrimary();
    t.dropColumn('provider_key');
  });
  await knex.schema.alterTable('refunds', (t) => t.primary(['id']));
}
