import type { Knex } from 'knex';
import * as catalogAndStock from './20261122000001_catalog_and_stock';
import * as orders from './20261122000002_orders';
import * as paymentsAndShipping from './20261122000003_payments_and_shipping';
import * as stockAlerts from './20261122000004_stock_alerts';
import * as labelAddresses from './20261122000005_label_addresses';
import * as perOrderKeys from './20261122000006_per_order_keys';
import * as carrierEvents from './20261122000007_carrier_events';
import * as sandboxFaults from './20261122000008_sandbox_faults';
import * as needsAttention from './20261122000009_needs_attention';
import * as accessAuditLedger from './20261122000010_access_audit_ledger';
import * as chargebacks from './20261122000011_chargebacks_and_outcomes';
import * as allocationWaves from './20261122000012_allocation_waves';
import * as payloadKeys from './20261122000020_payload_keys';
import * as cardVault from './20261122000021_card_vault';
import * as customerErasure from './20261122000022_customer_erasure';
import * as rateLimits from './20261122000030_rate_limits';
import * as warehouseParcelCost from './20261122000050_warehouse_parcel_cost';
import * as refundApplications from './20261122000080_refund_applications';
import * as pricesAndRates from './20261122000060_prices_and_rates';
import * as carts from './20261122000061_carts';
import * as orderChanges from './20261122000090_order_changes';
import * as paymentLedger from './20261122000070_payment_ledger';

type Migration = { up: (knex: Knex) => Promise<void>; down: (knex: Knex) => Promise<void> };

/** Versioned migrations in order. Listed statically so they load the same under tsx, jest and bundlers. */
const MIGRATIONS: ReadonlyArray<readonly [string, Migration]> = [
  ['20261122000001_catalog_and_stock', catalogAndStock],
  ['20261122000002_orders', orders],
  ['20261122000003_payments_and_shipping', paymentsAndShipping],
  ['20261122000004_stock_alerts', stockAlerts],
  ['20261122000005_label_addresses', labelAddresses],
  ['20261122000006_per_order_keys', perOrderKeys],
  ['20261122000007_carrier_events', carrierEvents],
  ['20261122000008_sandbox_faults', sandboxFaults],
  ['20261122000009_needs_attention', needsAttention],
  ['20261122000010_access_audit_ledger', accessAuditLedger],
  ['20261122000011_chargebacks_and_outcomes', chargebacks],
  ['20261122000012_allocation_waves', allocationWaves],
  ['20261122000020_payload_keys', payloadKeys],
  ['20261122000021_card_vault', cardVault],
  ['20261122000022_customer_erasure', customerErasure],
  ['20261122000030_rate_limits', rateLimits],
  ['20261122000050_warehouse_parcel_cost', warehouseParcelCost],
  ['20261122000080_refund_applications', refundApplications],
  ['20261122000060_prices_and_rates', pricesAndRates],
  ['20261122000061_carts', carts],
  ['20261122000090_order_changes', orderChanges],
  ['20261122000070_payment_ledger', paymentLedger],
];

/** A knex migration source over the static list above. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([candidate]) => candidate === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return found[1];
  },
};
