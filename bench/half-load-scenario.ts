import { rate, summarize, type LatencySummary } from './bench-stats';
import type { BenchCatalog } from './bench-catalog';
import { completeOrder, placeAndShip, type LoadContext } from './checkout-load';
import type { NextCustomer } from './checkout-scenarios';
import { progressBar } from './progress';

/** What the half-load scenario found: the POST latency of orders arriving at half the steady throughput. */
export interface HalfLoadFigures {
  /** Orders per second asked for (half the steady run's sagas/s to shipped) and reached. */
  targetPerSecond: number;
  placedPerSecond: number;
  post: LatencySummary;
  shipped: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Half load: `orders` orders arriving at a fixed rate, each on its own (open loop, as shoppers arrive,
 * whether or not earlier orders have shipped), at `perSecond`. What a shopper waits for at a load the
 * system carries with room to spare is the `POST /v1/orders` latency measured here.
 */
export async function halfLoad(
  ctx: LoadContext,
  catalog: BenchCatalog,
  nextCustomer: NextCustomer,
  perSecond: number,
  orders: number,
): Promise<HalfLoadFigures> {
  const bar = progressBar(`half load (${perSecond}/s)`, orders);
  const postMs: number[] = [];
  let shipped = 0;
  let lastPlacedMs = Date.now();
  const lanes: Promise<void>[] = [];
  const startMs = Date.now();
  for (let index = 0; index < orders; index++) {
    await sleep(Math.max(0, startMs + (index * 1000) / perSecond - Date.now()));
    lastPlacedMs = Date.now();
    const sku = catalog.skus[index % catalog.skus.length]!;
    lanes.push(
      (async () => {
        const { orderId, ms, status } = await placeAndShip(ctx, nextCustomer(), sku);
        postMs.push(ms);
        bar.tick();
        // Delivered and confirmed as in the steady run, so the mix of work on the server is the same.
        if (orderId && status === 'shipped') {
          shipped++;
          await completeOrder(ctx, orderId);
        }
      })(),
    );
  }
  await Promise.all(lanes);
  bar.stop();
  return {
    targetPerSecond: perSecond,
    placedPerSecond: rate(orders - 1, (lastPlacedMs - startMs) / 1000),
    post: summarize(postMs),
    shipped,
  };
}
