import { pool } from './bench-stats';
import type { BenchCatalog } from './bench-catalog';
import { completeOrder, deliverParcels, orderTimes, placeAndShip, type LoadContext } from './checkout-load';
import { checkoutFigures, type CheckoutFigures } from './checkout-summary';
import { progressBar } from './progress';

/** Hands out each prepared customer once: one order per customer, so no risk velocity builds up. */
export type NextCustomer = () => string;

/** The steady run's mark (see measure) once every order has shipped, before deliveries begin. */
export const SHIPPED_MARK = 'shipped';

export interface LoadShape {
  orders: number;
  concurrency: number;
  /** Stop placing orders after this many seconds, even if fewer than `orders` were placed. */
  durationS?: number;
}

/**
 * Steady: many SKUs. Orders are placed `concurrency` at a time, each lane waiting for its order to ship;
 * then every shipped order is delivered by carrier webhook and its receipt confirmed, as many at a time.
 * Deliveries come after the last order ships, so the rate to `shipped` measures the path the ceiling
 * mirrors (placement to shipped) without the completion traffic of earlier orders beside it; the rate to
 * `completed` spans the whole run, both phases.
 */
export async function steady(
  ctx: LoadContext,
  catalog: BenchCatalog,
  nextCustomer: NextCustomer,
  shape: LoadShape,
  label = 'steady',
  onShipped: () => void = () => undefined,
): Promise<CheckoutFigures> {
  const bar = progressBar(label, shape.orders);
  const deadline = shape.durationS ? Date.now() + shape.durationS * 1000 : Infinity;
  const postMs: number[] = [];
  const ids: string[] = [];
  const shipped: string[] = [];
  const startMs = Date.now();
  await pool(
    shape.orders,
    shape.concurrency,
    async (index) => {
      const sku = catalog.skus[index % catalog.skus.length]!;
      const { orderId, ms, status } = await placeAndShip(ctx, nextCustomer(), sku);
      postMs.push(ms);
      if (orderId) ids.push(orderId);
      if (orderId && status === 'shipped') shipped.push(orderId);
      bar.tick();
    },
    () => Date.now() < deadline,
  );
  bar.stop();
  onShipped();
  const completing = progressBar(`${label}: deliver and confirm`, shipped.length);
  await pool(shipped.length, shape.concurrency, async (index) => {
    await completeOrder(ctx, shipped[index]!);
    completing.tick();
  });
  completing.stop();
  return checkoutFigures(startMs, postMs, await orderTimes(ctx.db, ids));
}

/** What the hot-SKU scenario found: its figures, and whether stock held. */
export interface HotFigures extends CheckoutFigures {
  units: number;
  shipped: number;
  outOfStock: number;
  /** Units reserved or committed for the hot SKU, which must equal the units there were. */
  unitsTaken: number;
  oversold: boolean;
  /** Checkouts settled (shipped or failed) per second. */
  settledPerSecond: number;
}

/** Hot SKU: `orders` checkouts at once for one SKU with `units` units; exactly `units` may succeed. */
export async function hotSku(
  ctx: LoadContext,
  catalog: BenchCatalog,
  nextCustomer: NextCustomer,
  orders: number,
  units: number,
): Promise<HotFigures> {
  const bar = progressBar('hot SKU', orders);
  const postMs: number[] = [];
  const ids: string[] = [];
  const startMs = Date.now();
  await pool(orders, orders, async () => {
    const { orderId, ms } = await placeAndShip(ctx, nextCustomer(), catalog.hot);
    postMs.push(ms);
    if (orderId) ids.push(orderId);
    bar.tick();
  });
  const seconds = (Date.now() - startMs) / 1000;
  bar.stop();
  const times = await orderTimes(ctx.db, ids);
  const taken = await ctx
    .db('reservations')
    .where({ sku: catalog.hot })
    .whereIn('status', ['reserved', 'committed'])
    .sum({ units: 'quantity' })
    .first();
  const stock = await ctx.db('inventory').where({ sku: catalog.hot }).sum({ reserved: 'reserved' }).first();
  const unitsTaken = Number(taken?.units ?? 0);
  return {
    ...checkoutFigures(startMs, postMs, times),
    units,
    shipped: times.filter((t) => t.status === 'shipped').length,
    outOfStock: times.filter((t) => t.failureType === 'OutOfStock').length,
    unitsTaken,
    oversold: unitsTaken > units || Number(stock?.reserved ?? 0) > units,
    settledPerSecond: Math.round((times.length / seconds) * 100) / 100,
  };
}

/** What the waiting scenario found: how many wait, and how fast one of them hears a signal. */
export interface WaitingFigures {
  waiting: number;
  /** Milliseconds from the carrier webhook's POST to the order's row showing `delivered`, per probe. */
  signalMs: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waiting: `orders` shipped orders left waiting on delivery; then a few are delivered, one at a time. */
export async function waiting(
  ctx: LoadContext,
  catalog: BenchCatalog,
  nextCustomer: NextCustomer,
  shape: LoadShape,
  probes = 5,
): Promise<WaitingFigures> {
  const bar = progressBar('waiting', shape.orders);
  const shipped: string[] = [];
  await pool(shape.orders, shape.concurrency, async (index) => {
    const sku = catalog.skus[index % catalog.skus.length]!;
    const { orderId, status } = await placeAndShip(ctx, nextCustomer(), sku);
    if (orderId && status === 'shipped') shipped.push(orderId);
    bar.tick();
  });
  bar.stop();
  const signalMs: number[] = [];
  // Spread over the run, so that long-evicted runs (rebuilt from history) are probed too.
  for (let probe = 0; probe < Math.min(probes, shipped.length); probe++) {
    const orderId = shipped[Math.floor((probe * shipped.length) / probes)]!;
    const started = performance.now();
    await deliverParcels(ctx, orderId);
    while ((await ctx.db('orders').where({ id: orderId }).first('status'))?.status !== 'delivered')
      await sleep(5);
    signalMs.push(Math.round(performance.now() - started));
  }
  return { waiting: shipped.length, signalMs };
}
