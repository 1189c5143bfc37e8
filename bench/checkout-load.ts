import type { Knex } from 'knex';
import type { ChaosHttp } from './chaos-http';
import type { OrderWatcher } from './order-watcher';

/** What drives checkouts over HTTP: the client, the database (read only) and the status watcher. */
export interface LoadContext {
  http: ChaosHttp;
  db: Knex;
  watcher: OrderWatcher;
}

/** Statuses from which a checkout never moves on by itself. */
export const SETTLED = ['completed', 'cancelled', 'rejected', 'failed'];

const ADDRESS = {
  name: 'Bench Customer',
  line1: '1 Main St',
  city: 'New York',
  region: 'NY',
  postalCode: '10001',
  country: 'US',
  lat: 40.7128,
  lon: -74.006,
};

/** `POST /v1/orders` for one unit of `sku`; the order id (if accepted) and how long the call took. */
export async function placeOrder(
  ctx: LoadContext,
  customerId: string,
  sku: string,
): Promise<{ orderId: string | undefined; ms: number }> {
  const started = performance.now();
  const response = await ctx.http.send('POST', '/v1/orders', {
    customerId,
    currency: 'USD',
    lines: [{ sku, quantity: 1 }],
    shippingAddress: ADDRESS,
    payment: { method: 'card', token: 'tok_visa' },
  });
  const ms = performance.now() - started;
  return { orderId: response.status === 202 ? (response.body.orderId as string) : undefined, ms };
}

/** Places an order and waits (reading the database) until it is shipped or has settled otherwise. */
export async function placeAndShip(ctx: LoadContext, customerId: string, sku: string) {
  const placed = await placeOrder(ctx, customerId, sku);
  const status = placed.orderId
    ? await ctx.watcher.until(placed.orderId, ['shipped', ...SETTLED])
    : 'refused';
  return { ...placed, status };
}

const RETRIES = 5;

/**
 * Sends a request again after a 5xx or no answer, as a shop's backend or a carrier would (an update may
 * time out while the server is saturated); the calls are idempotent (webhook event ids, receipt updates).
 */
async function sendRetrying(ctx: LoadContext, method: string, path: string, body?: unknown) {
  for (let attempt = 1; ; attempt++) {
    const response = await ctx.http.send(method, path, body);
    if ((response.status > 0 && response.status < 500) || attempt === RETRIES) return response;
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

/** Signed carrier webhooks marking each outbound parcel of the order delivered. */
export async function deliverParcels(ctx: LoadContext, orderId: string): Promise<void> {
  const trackingNumbers: string[] = await ctx
    .db('shipments')
    .where({ order_id: orderId, kind: 'outbound' })
    .pluck('tracking_number');
  await Promise.all(
    trackingNumbers.map((trackingNumber) =>
      sendRetrying(ctx, 'POST', '/v1/webhooks/carrier', { trackingNumber, status: 'delivered' }),
    ),
  );
}

/** After shipping: the carrier delivers, the customer confirms receipt, and the order completes. */
export async function completeOrder(ctx: LoadContext, orderId: string): Promise<string> {
  await deliverParcels(ctx, orderId);
  const delivered = await ctx.watcher.until(orderId, ['delivered', ...SETTLED]);
  if (delivered !== 'delivered') return delivered;
  const receipt = await sendRetrying(ctx, 'POST', `/v1/orders/${orderId}/receipt`);
  if (receipt.status !== 202) return 'delivered';
  return ctx.watcher.until(orderId, SETTLED);
}

/** When each order was placed, shipped and completed (ms since epoch), from the orders and timeline tables. */
export interface OrderTimes {
  id: string;
  status: string;
  failureType: string | null;
  created: number;
  shipped: number | null;
  completed: number | null;
}

/** Reads placement, shipping and completion times of `orderIds` from the database. */
export async function orderTimes(db: Knex, orderIds: string[]): Promise<OrderTimes[]> {
  if (orderIds.length === 0) return [];
  const { rows } = await db.raw(
    `SELECT o.id, o.status, o.failure->>'type' AS "failureType",
            extract(epoch FROM o.created_at) * 1000 AS created,
            (SELECT extract(epoch FROM min(e.at)) * 1000 FROM order_events e
              WHERE e.order_id = o.id AND e.status = 'shipped') AS shipped,
            (SELECT extract(epoch FROM min(e.at)) * 1000 FROM order_events e
              WHERE e.order_id = o.id AND e.status = 'completed') AS completed
       FROM orders o WHERE o.id = ANY(?)`,
    [orderIds],
  );
  return (rows as Record<string, unknown>[]).map((row) => ({
    id: row.id as string,
    status: row.status as string,
    failureType: (row.failureType as string | null) ?? null,
    created: Number(row.created),
    shipped: row.shipped === null ? null : Number(row.shipped),
    completed: row.completed === null ? null : Number(row.completed),
  }));
}
