import type { Knex } from 'knex';

/**
 * Risk feedback: the features each assessment saw, confirmed chargebacks (from the payment provider's
 * webhook or a support action), and labelled outcomes that training can join with those features.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('risk_assessments', (t) => {
    // No foreign key: an assessment is a record of what the model saw, whatever became of the order row.
    t.uuid('order_id').primary();
    t.jsonb('features').notNullable();
    t.double('score').notNullable();
    t.string('decision', 16).notNullable();
    t.timestamp('assessed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('chargebacks', (t) => {
    // One per order: a second report of the same dispute changes nothing.
    t.uuid('order_id').primary().references('orders.id').onDelete('CASCADE');
    t.string('customer_id', 64).notNullable();
    t.bigInteger('amount_minor').notNullable().checkPositive();
    t.string('currency', 3).notNullable();
    t.string('reason', 200);
    t.string('source', 32).notNullable(); // provider-webhook | support
    t.string('reported_by', 128).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('risk_outcomes', (t) => {
    t.uuid('order_id').primary().references('orders.id').onDelete('CASCADE');
    t.string('label', 16).notNullable(); // fraud
    t.string('source', 32).notNullable();
    t.timestamp('labelled_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('risk_outcomes');
  await knex.schema.dropTable('chargebacks');
  await knex.schema.dropTable('risk_assessments');
}
