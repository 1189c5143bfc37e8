import type { Knex } from 'knex';

/**
 * Refund applications (a projection of the checkout workflow's state, for reads and the auditor) and the
 * lines of their return parcels, each restocked once when its parcel comes back.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('refund_applications', (t) => {
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.string('application_id', 64).notNullable();
    t.string('kind', 10).notNullable(); // lines | amount
    t.jsonb('lines').notNullable();
    t.boolean('needs_return').notNullable();
    t.string('reason', 20).notNullable();
    t.string('note', 500);
    t.string('filed_by', 128).notNullable();
    t.string('status', 20).notNullable();
    t.bigInteger('amount_minor').notNullable();
    t.bigInteger('refunded_minor').notNullable().defaultTo(0);
    t.string('currency', 3).notNullable();
    t.boolean('auto_approved').notNullable().defaultTo(false);
    t.jsonb('decision');
    t.jsonb('parcels').notNullable();
    t.text('error');
    t.integer('version').notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('decision_due_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['order_id', 'application_id']);
    t.index(['status']);
  });
  await knex.schema.createTable('return_lines', (t) => {
    t.string('shipment_id', 200).notNullable().references('shipments.id').onDelete('CASCADE');
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.string('application_id', 64).notNullable();
    t.string('warehouse_id', 64).notNullable().references('warehouses.id');
    t.string('sku', 64).notNullable().references('products.sku');
    t.integer('quantity').notNullable().checkPositive();
    t.timestamp('restocked_at', { useTz: true });
    t.primary(['shipment_id', 'sku']);
    t.index(['order_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('return_lines');
  await knex.schema.dropTable('refund_applications');
}
