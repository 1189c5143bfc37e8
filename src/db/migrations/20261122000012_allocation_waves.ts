import type { Knex } from 'knex';

/**
 * Wave allocation's queue: checkouts waiting to be allocated together. The first waiting checkout that
 * takes the wave lock allocates every waiting one at once; each reads its outcome from its own row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('allocation_wave_requests', (t) => {
    t.uuid('order_id').primary();
    t.jsonb('request').notNullable();
    t.string('status', 16).notNullable(); // waiting | allocated | failed | alone
    t.jsonb('outcome');
    t.string('wave_id', 64);
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('decided_at', { useTz: true });
    t.index(['status', 'requested_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('allocation_wave_requests');
}
