import { createTestCustomer } from './fixtures';
import type { Harness } from './harness';
import { OrderStatusKey } from '../../src/temporal/search-attributes';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';

// Tests read response bodies loosely and assert on them; `any` keeps those assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** Calls the in-process API over real HTTP exactly as given: no credential unless `headers` has one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function rawApi<T = any>(
  h: Pick<Harness, 'baseUrl'>,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const response = await fetch(`${h.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Calls the API as the caller a test usually means (see createSandboxCallers), unless `headers` names one
 * (`authorization`, or a signed webhook's sender). Access rules themselves are tested with `rawApi`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function api<T = any>(
  h: Pick<Harness, 'baseUrl' | 'credentials'>,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const named = Object.keys(headers).some((name) => /^(authorization|x-webhook-sender)$/i.test(name));
  if (named) return rawApi(h, method, path, body, headers);
  const call = await h.credentials.prepare(method, path, body);
  return rawApi(h, method, path, call.body, { ...call.headers, ...headers });
}

/** A valid order body for a seeded customer shipping to New York; override any part. */
export function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    customerId: 'cus-alice',
    currency: 'USD',
    lines: [{ sku: 'TSHIRT-BLK-M', quantity: 2 }],
    shippingAddress: {
      name: 'Alice Example',
      line1: '1 Main St',
      city: 'New York',
      postalCode: '10001',
      country: 'US',
      lat: 40.7128,
      lon: -74.006,
    },
    payment: { method: 'card', token: 'tok_visa' },
    ...overrides,
  };
}

/** Polls until `read` returns a value `done` accepts, or fails with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    last = await read();
  }
  return last;
}

/** Places an order through the API, for a customer of its own unless one is given, and returns its id. */
export async function placeOrder(h: Harness, overrides: Record<string, unknown> = {}): Promise<string> {
  const customerId = overrides.customerId ?? (await createTestCustomer(h.db));
  const response = await api(h, 'POST', '/v1/orders', orderBody({ customerId, ...overrides }));
  if (response.status !== 202)
    throw new Error(`order refused: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.orderId;
}

/** Waits for the order row to reach `status` and returns the API's view of the order. */
export async function orderWithStatus(h: Harness, orderId: string, status: string, timeoutMs?: number) {
  const view = await eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => order?.status === status,
    timeoutMs,
  );
  return view;
}

/**
 * Waits until the run indexes `value` under `key` (a keyword attribute). A record's row is written by a local activity inside the
 * workflow task whose completion upserts the search attribute (and records the activity in the history), so
 * the row shows a change a moment before the run's index and history do. Fails if it never comes.
 */
export async function untilIndexed(
  h: Harness,
  orderId: string,
  key: typeof OrderStatusKey,
  value: string,
): Promise<void> {
  const handle = h.client.workflow.getHandle(checkoutWorkflowId(orderId));
  await eventually(
    () => handle.describe(),
    (run) => run.typedSearchAttributes.get(key) === value,
  );
}

/** Waits until the run's history holds the record of `status` (one the run indexes; see untilIndexed). */
export const historyWithStatus = (h: Harness, orderId: string, status: string) =>
  untilIndexed(h, orderId, OrderStatusKey, status);

/** Posts a carrier webhook for one parcel. */
export const carrierEvent = (h: Harness, trackingNumber: string, status: string) =>
  api(h, 'POST', '/v1/webhooks/carrier', { trackingNumber, status });

/**
 * Sends like a well-behaved client: a 503 (the API is overloaded, or Temporal is briefly unreachable) is
 * tried again after its Retry-After (capped at a second), a few times.
 */
export async function retryingUnavailable<T extends { status: number }>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await send();
    if (response.status !== 503 || attempt >= 5) return response;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Runs `send` for each of `count` items with at most `concurrency` in flight; returns the statuses. */
export async function burst(
  count: number,
  concurrency: number,
  send: (i: number) => Promise<{ status: number }>,
) {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) statuses.push((await send(next++)).status);
    }),
  );
  return statuses;
}

/** Sends in_transit then delivered for every parcel of a shipped order; returns it once `delivered`. */
export async function deliverParcels(
  h: Harness,
  shipped: { orderId: string; shipments: { trackingNumber: string }[] },
) {
  for (const { trackingNumber } of shipped.shipments)
    for (const status of ['in_transit', 'delivered']) await carrierEvent(h, trackingNumber, status);
  return orderWithStatus(h, shipped.orderId, 'delivered');
}

/**
 * Waits for the order to ship, reports every parcel in transit, and returns the order once all of it is
 * captured (authorize, then capture: refunds and chargebacks draw on captured money).
 */
export async function capturedOrder(h: Harness, orderId: string) {
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  for (const { trackingNumber } of shipped.shipments) await carrierEvent(h, trackingNumber, 'in_transit');
  return eventually(
    async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
    (order) => order.amounts.capturedMinor === order.amounts.totalMinor,
  );
}
