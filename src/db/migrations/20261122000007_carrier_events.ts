import type { Knex } from 'knex';

/**
 * Carrier events already passed to a workflow, one per parcel and status: a carrier that repeats a
 * webhook (they all do) is answered without signalling again, so repeats never grow a run's history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('carrier_events', (t) => {
    t.string('tracking_number', 64).notNullable();
    t.string('status', 20).notNullable();
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tracking_number', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('carrier_events');
}
