import type { Knex } from 'knex';

/**
 * Request counters of the API's rate limits (rate-limiter-flexible's PostgreSQL store, in the shape it
 * expects), shared by every API process. Created here rather than by the library at run time, so the API
 * needs no DDL rights; `expire` is epoch milliseconds, and the library deletes rows an hour past it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
}
