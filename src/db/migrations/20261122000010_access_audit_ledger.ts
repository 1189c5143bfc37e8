import type { Knex } from 'knex';

/**
 * Access control's tables: webhook event ids (a replayed signed webhook is dropped), the audit log of
 * staff actions, and the inventory ledger (every stock change is an idempotent adjustment with a reason).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_events', (t) => {
    t.string('sender', 64).notNullable();
    t.string('event_id', 128).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['sender', 'event_id']);
  });
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('actor_role', 32).notNullable();
    t.string('actor_id', 128).notNullable();
    t.string('action', 64).notNullable();
    t.string('target_type', 32).notNullable();
    t.string('target_id', 200).notNullable();
    t.jsonb('before');
    t.jsonb('after');
    t.index(['target_type', 'target_id', 'at']);
    t.index(['actor_id', 'at']);
    t.index(['action', 'at']);
  });
  await knex.schema.createTable('inventory_adjustments', (t) => {
    // Given by the caller (or derived from its Idempotency-Key): a retry finds the first one.
    t.string('id', 200).primary();
    t.string('warehouse_id', 64).notNullable().references('warehouses.id');
    t.string('sku', 64).notNullable().references('products.sku');
    t.integer('delta').notNullable();
    t.string('reason', 32).notNullable();
    t.string('note', 500);
    t.string('actor_id', 128).notNullable();
    t.integer('on_hand_before').notNullable();
    t.integer('on_hand_after').notNullable();
    t.string('request_hash', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['sku', 'warehouse_id', 'created_at']);
  });
  await knex.raw(
    "ALTER TABLE inventory_adjustments ADD CONSTRAINT inventory_adjustment_reason CHECK (reason IN ('received', 'damaged', 'lost', 'count_correction', 'returned_to_supplier')) ",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('inventory_adjustments');
  await knex.schema.dropTable('audit_log');
  await knex.schema.dropTable('webhook_events');
}
