import type { Knex } from 'knex';

/** Payments, refunds and shipments, plus the sandbox provider's and carrier's own ledgers. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payments', (t) => {
    t.uuid('order_id').primary().references('orders.id').onDelete('CASCADE');
    t.string('idempotency_key', 200).notNullable().unique();
    t.string('provider', 40).notNullable();
    t.string('provider_ref', 100);
    t.string('status', 20).notNullable(); // pending | captured | declined
    t.bigInteger('amount_minor').notNullable();
    t.string('currency', 3).notNullable();
    t.text('decline_reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('refunds', (t) => {
    t.string('id', 200).primary(); // the refundId: refunds are idempotent by it
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.bigInteger('amount_minor').notNullable().checkPositive();
    t.string('currency', 3).notNullable();
    t.string('status', 20).notNullable(); // pending | succeeded
    t.string('reason', 200);
    t.string('provider_ref', 100);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['order_id']);
  });
  await knex.schema.createTable('shipments', (t) => {
    t.string('id', 200).primary(); // <orderId>:<warehouseId>, the carrier idempotency key
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.string('warehouse_id', 64).notNullable().references('warehouses.id');
    t.string('kind', 10).notNullable().defaultTo('outbound'); // outbound | return
    t.string('carrier', 40).notNullable();
    t.string('tracking_number', 64).notNullable().unique();
    t.string('status', 20).notNullable(); // label_created | in_transit | delivered | cancelled
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['order_id']);
  });
  // What the sandbox payment provider itself remembers, keyed like a real provider's idempotency keys.
  await knex.schema.createTable('sandbox_payment_operations', (t) => {
    t.string('idempotency_key', 200).primary();
    t.string('kind', 20).notNullable(); // charge | refund
    t.string('reference', 100).notNullable().unique();
    t.string('status', 20).notNullable(); // succeeded | declined | failed
    t.bigInteger('amount_minor').notNullable();
    t.string('currency', 3).notNullable();
    t.integer('attempts').notNullable().defaultTo(1);
    t.string('charge_reference', 100); // set on refunds: the charge they return money from
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('sandbox_carrier_labels', (t) => {
    t.string('idempotency_key', 200).primary();
    t.string('tracking_number', 64).notNullable().unique();
    t.string('status', 20).notNullable(); // created | cancelled
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sandbox_carrier_labels');
  await knex.schema.dropTable('sandbox_payment_operations');
  await knex.schema.dropTable('shipments');
  await knex.schema.dropTable('refunds');
  await knex.schema.dropTable('payments');
}
