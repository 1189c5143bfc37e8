import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInventoryActivities } from '../activities/inventory.activities';
import type { WaveSettings } from '../activities/reservation-wave';
import { mulberry32 } from '../src/algorithms/prng';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { createDb, migrateToLatest } from '../src/db/knex';
import { insertOrder } from '../src/db/repos/orders.repo';
import { seed } from '../src/db/seeds/seed';
import { freePort } from '../src/temporal/dev-server';

// `npm run bench:waves`: what waves cost in reservation latency and save in true cost, against allocating
// each order alone, on a real PostgreSQL with the worker's own reserveStock. Same stream, same stock, side by side.

const ORDERS = Number(process.env.WAVE_BENCH_ORDERS ?? 120);
const GAP_MS = Number(process.env.WAVE_BENCH_GAP_MS ?? 40); // mean time between arrivals (exponential)
const WAVE: WaveSettings = { windowMs: Number(process.env.WAVE_BENCH_WINDOW_MS ?? 2000), maxOrders: 50 };
// Demand where Newark's stock is tight: the East wants more than it holds, so who gets those units matters;
// the other warehouses hold plenty, so every order is filled and costs compare like for like.
const DESTINATIONS = ['10001', '10001', '07102', '17101', '19103', '02108', '60601', '75201'];
const STOCK = { 'wh-newark': 60, 'wh-chicago': 400, 'wh-dallas': 400, 'wh-reno': 400 };

async function main() {
  const root = path.resolve(__dirname, '..');
  const dataDir = path.join(root, 'data', 'bench', 'waves');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port: await freePort(),
    database: 'waves',
    pidFile: path.join(dataDir, 'postgres.pid'),
    logFile: path.join(dataDir, 'postgres.log'),
  });
  const db = createDb(pg.url);
  try {
    await migrateToLatest(db);
    await seed(db);
    const rows = [];
    for (const mode of ['order', 'wave'] as const) rows.push(await run(db, mode));
    console.log(`\n${ORDERS} orders, one every ${GAP_MS} ms on average, wave window ${WAVE.windowMs} ms\n`);
    console.table(rows);
    const [alone, waves] = rows;
    console.log(
      `waves: ${(100 * (1 - waves!.trueCost / alone!.trueCost)).toFixed(2)}% cheaper, ` +
        `${(waves!.p50Ms - alone!.p50Ms).toFixed(0)} ms more at the median reservation`,
    );
  } finally {
    await db.destroy();
    await pg.stop();
  }
}

async function run(db: ReturnType<typeof createDb>, mode: 'order' | 'wave') {
  const sku = `WAVE-${mode.toUpperCase()}`;
  await db('products')
    .insert({ sku, name: sku, price_minor: 1000, currency: 'USD' })
    .onConflict('sku')
    .ignore();
  await db('inventory').insert(
    Object.entries(STOCK).map(([warehouse_id, on_hand]) => ({ warehouse_id, sku, on_hand, reserved: 0 })),
  );
  const activities = createInventoryActivities({
    db,
    allocation: { costPerKmPerUnit: 0.1, splitPenalty: 25, ...(mode === 'wave' ? { wave: WAVE } : {}) },
  });
  const random = mulberry32(7);
  const latencies: number[] = [];
  let trueCost = 0;
  let stockOuts = 0;
  let arrival = 0;
  const runs: Promise<void>[] = [];
  const start = Date.now();
  for (let i = 0; i < ORDERS; i += 1) {
    arrival += -Math.log(1 - random.next()) * GAP_MS;
    const postalCode = DESTINATIONS[random.int(0, DESTINATIONS.length - 1)]!;
    const quantity = random.int(1, 3);
    const at = arrival;
    runs.push(
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + at - Date.now())));
        const orderId = randomUUID();
        await insertOrder(db, {
          orderId,
          customerId: 'cus-alice',
          currency: 'USD',
          lines: [{ sku, quantity, unitPriceMinor: 1000 }],
          totalMinor: quantity * 1000,
          shippingAddress: { name: 'A', line1: '1 Main St', city: 'X', postalCode, country: 'US' },
          payment: { method: 'card', token: 'tok_visa' },
          allocationStrategy: 'optimal',
          timeouts: { reviewTimeoutMs: 1, autoConfirmAfterMs: 1, returnWindowMs: 1 },
        });
        const began = Date.now();
        try {
          const summary = await activities.reserveStock({
            orderId,
            strategy: 'optimal',
            shippingAddress: { name: 'A', line1: '1 Main St', city: 'X', postalCode, country: 'US' },
            lines: [{ sku, quantity }],
          });
          trueCost += summary.cost;
        } catch {
          stockOuts += 1;
        }
        latencies.push(Date.now() - began);
      })(),
    );
  }
  await Promise.all(runs);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { mode, trueCost: Math.round(trueCost), stockOuts, p50Ms: at(0.5), p99Ms: at(0.99) };
}

void main();
