import type { Knex } from 'knex';

/**
 * Stock alert runs, their alerts and rebalancing proposals. A run is a snapshot: SKUs and warehouses are
 * copied, not referenced, so history survives catalog changes. Runs are keyed by the Temporal run id.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stock_alert_runs', (t) => {
    t.string('id', 64).primary(); // the workflow run id: writing a run twice is a no-op
    t.string('workflow_id', 255).notNullable();
    t.timestamp('as_of', { useTz: true }).notNullable();
    t.jsonb('parameters').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['as_of']);
  });
  await knex.schema.createTable('stock_alerts', (t) => {
    t.string('run_id', 64).notNullable().references('stock_alert_runs.id').onDelete('CASCADE');
    t.string('sku', 64).notNullable();
    t.string('warehouse_id', 64).notNullable();
    t.string('severity', 10).notNullable().checkIn(['critical', 'warning']);
    t.integer('on_hand').notNullable();
    t.integer('reserved').notNullable();
    t.integer('available').notNullable();
    t.double('mean_daily_demand').notNullable();
    t.double('forecast_daily_demand').notNullable();
    t.double('demand_std_dev').notNullable();
    t.double('days_of_cover'); // null when nothing is forecast to sell
    t.double('reorder_point').notNullable();
    t.string('method', 20).notNullable(); // ses | moving-average
    t.primary(['run_id', 'sku', 'warehouse_id']);
    t.index(['sku']);
  });
  await knex.schema.createTable('rebalance_proposals', (t) => {
    t.string('run_id', 64).notNullable().references('stock_alert_runs.id').onDelete('CASCADE');
    t.string('sku', 64).notNullable();
    t.string('from_warehouse_id', 64).notNullable();
    t.string('to_warehouse_id', 64).notNullable();
    t.integer('quantity').notNullable().checkPositive();
    t.double('distance_km').notNullable();
    t.double('cost').notNullable();
    t.primary(['run_id', 'sku', 'from_warehouse_id', 'to_warehouse_id']);
    t.index(['sku']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rebalance_proposals');
  await knex.schema.dropTable('stock_alerts');
  await knex.schema.dropTable('stock_alert_runs');
}
