import type { Knex } from 'knex';

/**
 * The sandbox adapters' log of the faults they injected (transient failures and lost replies), so that a
 * chaos run can report how many it provoked. Not part of any adapter's ledger: nothing reads it to decide.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sandbox_faults', (t) => {
    t.bigIncrements('id');
    t.string('adapter', 40).notNullable(); // sandbox | sandbox-carrier
    t.string('operation', 40).notNullable(); // charge | refund | createLabel | cancelLabel
    t.string('kind', 20).notNullable(); // unavailable | lost_reply
    t.string('idempotency_key', 300).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sandbox_faults');
}
