import type { Knex } from 'knex';

/** The chaos run's own products: plenty of stock, except for one hot SKU that runs out. */
export interface ChaosCatalog {
  /** Well stocked; TEE and MUG sit in different warehouses, so an order of both ships in two parcels. */
  regular: string[];
  /** Five units in all: orders for it compete, and some fail out of stock. */
  hot: string;
  prices: Record<string, number>;
}

const PLENTY = 100_000;

const PRODUCTS: { sku: string; priceMinor: number; stock: Record<string, number> }[] = [
  { sku: 'CHAOS-TEE', priceMinor: 2500, stock: { 'wh-newark': PLENTY, 'wh-dallas': PLENTY } },
  { sku: 'CHAOS-MUG', priceMinor: 1200, stock: { 'wh-chicago': PLENTY, 'wh-reno': PLENTY } },
  {
    sku: 'CHAOS-CAP',
    priceMinor: 1800,
    stock: { 'wh-newark': PLENTY, 'wh-chicago': PLENTY, 'wh-dallas': PLENTY, 'wh-reno': PLENTY },
  },
  { sku: 'CHAOS-HOT', priceMinor: 9900, stock: { 'wh-newark': 3, 'wh-reno': 2 } },
];

/** Where the hot SKU is restocked mid-run (the auditor is told). */
export const HOT_RESTOCK = { warehouseId: 'wh-newark', quantity: 4 } as const;

/** Creates the chaos products and their stock (the database is the run's own, fresh one). */
export async function createChaosCatalog(db: Knex): Promise<ChaosCatalog> {
  await db('products').insert(
    PRODUCTS.map((p) => ({ sku: p.sku, name: `Chaos ${p.sku}`, price_minor: p.priceMinor, currency: 'USD' })),
  );
  await db('inventory').insert(
    PRODUCTS.flatMap((p) =>
      Object.entries(p.stock).map(([warehouse_id, on_hand]) => ({
        warehouse_id,
        sku: p.sku,
        on_hand,
        reserved: 0,
      })),
    ),
  );
  return {
    regular: ['CHAOS-TEE', 'CHAOS-MUG', 'CHAOS-CAP'],
    hot: 'CHAOS-HOT',
    prices: Object.fromEntries(PRODUCTS.map((p) => [p.sku, p.priceMinor])),
  };
}

/**
 * One long-standing customer per order near New York, so that no order's risk score counts another's
 * velocity: risk decisions come from the card token alone.
 */
export async function createChaosCustomers(db: Knex, count: number): Promise<string[]> {
  const threeYearsAgo = new Date(Date.now() - 3 * 365 * 86_400_000);
  const ids = Array.from({ length: count }, (_, i) => `chaos-${String(i + 1).padStart(4, '0')}`);
  await db.batchInsert(
    'customers',
    ids.map((id) => ({
      id,
      name: `Chaos ${id}`,
      email: `${id}@example.com`,
      country: 'US',
      home_lat: 40.73,
      home_lon: -73.99,
      created_at: threeYearsAgo,
    })),
    500,
  );
  return ids;
}
