import type { Knex } from 'knex';

/**
 * The payment ledger of authorize-then-capture: one row per authorization attempt (key
 * `<orderId>:auth:<attempt>`), per capture (`<orderId>:capture:<shipmentId>`), per void, and per part of a
 * refund drawn on a capture. Each row is written before the provider is called, under the key the provider
 * dedupes by, so a retry after a lost reply finds the first outcome. The sandbox provider's own ledger
 * learns authorizations, captures and voids, and when an authorization expires.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payment_authorizations', (t) => {
    t.string('idempotency_key', 200).primary();
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.integer('attempt').notNullable();
    t.string('method', 20).notNullable(); // card | wallet | bank_transfer
    t.string('provider', 40).notNullable();
    t.string('provider_ref', 100).unique();
    // pending | action_required | authorized | declined | voided | expired
    t.string('status', 20).notNullable();
    t.bigInteger('amount_minor').notNullable().checkPositive();
    t.string('currency', 3).notNullable();
    t.jsonb('required_action');
    t.text('decline_reason');
    t.timestamp('expires_at', { useTz: true });
    t.string('renews', 200); // the authorization this one re-authorizes, if any
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['order_id', 'attempt']);
  });
  await knex.schema.createTable('payment_captures', (t) => {
    t.string('idempotency_key', 200).primary();
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.string('authorization_key', 200).notNullable().references('payment_authorizations.idempotency_key');
    t.string('shipment_id', 200).notNullable();
    t.bigInteger('amount_minor').notNullable().checkPositive();
    t.string('currency', 3).notNullable();
    t.string('status', 20).notNullable(); // pending | succeeded | failed
    t.string('provider_ref', 100);
    t.text('failure_reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['order_id', 'shipment_id']);
  });
  await knex.schema.createTable('payment_voids', (t) => {
    t.string('idempotency_key', 200).primary();
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.string('authorization_key', 200)
      .notNullable()
      .unique()
      .references('payment_authorizations.idempotency_key');
    t.bigInteger('amount_minor').notNullable(); // the uncaptured part released (0 for a pending payment)
    t.string('currency', 3).notNullable();
    t.string('status', 20).notNullable(); // pending | succeeded
    t.string('provider_ref', 100);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('refund_captures', (t) => {
    t.string('provider_key', 260).primary();
    t.string('refund_id', 200).notNullable();
    t.uuid('order_id').notNullable();
    t.string('capture_key', 200).notNullable().references('payment_captures.idempotency_key');
    t.bigInteger('amount_minor').notNullable().checkPositive();
    t.string('status', 20).notNullable(); // pending | succeeded | refused
    t.string('provider_ref', 100);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['capture_key']);
    t.foreign(['order_id', 'refund_id'])
      .references(['order_id', 'id'])
      .inTable('refunds')
      .onDelete('CASCADE');
  });
  await knex.schema.alterTable('sandbox_payment_operations', (t) => {
    // kind gains authorization | capture | void; status gains pending (awaiting the customer) | voided
    t.string('method', 20);
    t.string('authorization_reference', 100); // captures and voids: the authorization they act on
    t.timestamp('expires_at', { useTz: true }); // authorizations: when the hold lapses
    t.jsonb('required_action');
    t.text('outcome_reason');
    t.string('card_reference', 100); // card authorizations: the vault reference (renewals reuse the card)
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sandbox_payment_operations', (t) => {
    t.dropColumns(
      'method',
      'authorization_reference',
      'expires_at',
      'required_action',
      'outcome_reason',
      'card_reference',
    );
  });
  await knex.schema.dropTable('refund_captures');
  await knex.schema.dropTable('payment_voids');
  await knex.schema.dropTable('payment_captures');
  await knex.schema.dropTable('payment_authorizations');
}
