import type { Knex } from 'knex';

/**
 * The sandbox provider's card vault: the API stores an order's card token here and workflows carry only
 * the reference, so tokens never reach Temporal histories. Erasure blanks the token and keeps the row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sandbox_card_vault', (t) => {
    t.string('reference', 100).primary();
    t.uuid('order_id').notNullable().unique(); // no foreign key: the card is vaulted before the order row
    t.text('token'); // null once erased
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('erased_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sandbox_card_vault');
}
