import type { Knex } from 'knex';

/** The benchmark's products: many well-stocked SKUs, and one hot SKU with few units. */
export interface BenchCatalog {
  skus: string[];
  hot: string;
}

const PLENTY = 1_000_000;

/** Creates `skuCount` SKUs stocked in every warehouse, and the hot SKU with `hotUnits` units in one. */
export async function createBenchCatalog(
  db: Knex,
  skuCount: number,
  hotUnits: number,
): Promise<BenchCatalog> {
  const skus = Array.from({ length: skuCount }, (_, i) => `BENCH-${String(i + 1).padStart(3, '0')}`);
  const hot = 'BENCH-HOT';
  const warehouses: string[] = (await db('warehouses').pluck('id')) as string[];
  await db.batchInsert(
    'products',
    [...skus, hot].map((sku) => ({ sku, name: `Bench ${sku}`, price_minor: 1500, currency: 'USD' })),
    500,
  );
  await db.batchInsert(
    'inventory',
    [
      ...skus.flatMap((sku) =>
        warehouses.map((warehouse_id) => ({ warehouse_id, sku, on_hand: PLENTY, reserved: 0 })),
      ),
      { warehouse_id: 'wh-newark', sku: hot, on_hand: hotUnits, reserved: 0 },
    ],
    500,
  );
  return { skus, hot };
}
