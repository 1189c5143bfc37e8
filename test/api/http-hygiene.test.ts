import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDatabase, stopAll, type Stop } from '../../src/cli/bootstrap';
import { loadConfig } from '../../src/config';
import { createTestSku, stockOf } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api } from '../support/http';
import { httpConfig, serveAnotherApi } from '../support/serve';
import { testEnv } from '../support/test-env';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ withWorker: false });
});
afterAll(() => h.stop());

/** A stock adjustment: the request that test holds up with a row lock, or sends in halves. */
const adjustment = (sku: string, delta: number) => ({
  adjustmentId: `adj-${randomUUID()}`,
  warehouseId: 'wh-reno',
  sku,
  delta,
  reason: 'received',
});

/** A CORS preflight from `origin` for a POST with the given request headers. */
const preflight = (baseUrl: string, origin: string, headers: string) =>
  fetch(`${baseUrl}/v1/orders`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': headers,
    },
  });

describe('security headers and CORS', () => {
  test('when any response is sent, then it carries helmet security headers and no X-Powered-By', async () => {
    const response = await fetch(`${h.baseUrl}/livez`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  test('when no origin is configured, then a browser preflight from any origin gets no CORS permission', async () => {
    const response = await preflight(h.baseUrl, 'https://evil.example', 'authorization,content-type');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('when an origin is configured, then only it may call, with the credential, idempotency and signature headers', async () => {
    const served = await serveAnotherApi(h, httpConfig({ corsOrigins: ['https://shop.example'] }));
    try {
      const allowed = await preflight(
        served.url,
        'https://shop.example',
        'authorization,idempotency-key,content-type,x-webhook-sender,x-signature,x-signature-timestamp',
      );
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
        expect.arrayContaining([
          'authorization',
          'idempotency-key',
          'content-type',
          'x-webhook-sender',
          'x-signature',
          'x-signature-timestamp',
        ]),
      );
      const other = await fetch(`${served.url}/livez`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await served.shutdown();
    }
  });
});

describe('time limits', () => {
  test('when a request takes longer than the request timeout, then it gets a 503 problem instead of hanging', async () => {
    const served = await serveAnotherApi(h, httpConfig({ requestTimeoutMs: 500 }));
    const sku = await createTestSku(h.db, { 'wh-reno': 1 });
    // Another session holds the stock row, so the restock waits on its lock past the request timeout.
    const trx = await h.db.transaction();
    try {
      await trx('inventory').where({ warehouse_id: 'wh-reno', sku }).forUpdate().first();
      const started = Date.now();
      const response = await fetch(`${served.url}/v1/inventory/adjustments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await h.credentials.as('admin')) },
        body: JSON.stringify(adjustment(sku, 2)),
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toMatchObject({ status: 503, error: 'timeout' });
    } finally {
      await trx.rollback();
    }
    // The late answer of the handler is dropped quietly and the server goes on serving.
    expect((await api(served, 'GET', '/livez')).status).toBe(200);
    await served.shutdown();
  });

  test("when one of the app's statements runs past DATABASE_STATEMENT_TIMEOUT, then PostgreSQL cancels it", async () => {
    const stops: Stop[] = [];
    const config = loadConfig({ DATABASE_URL: testEnv('databaseUrl'), DATABASE_STATEMENT_TIMEOUT: '300ms' });
    try {
      const { db } = await startDatabase(config, stops, { migrate: false });
      expect((await db.raw('SHOW statement_timeout')).rows[0].statement_timeout).toBe('300ms');
      const started = Date.now();
      await expect(db.raw('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
      expect(Date.now() - started).toBeLessThan(3_000);
      // The session stays usable for the next statement.
      expect((await db.raw('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      await stopAll(stops);
    }
  });
});

describe('liveness and readiness', () => {
  test('when PostgreSQL and Temporal answer, then /livez, /readyz and the /healthz alias say ok', async () => {
    expect(await api(h, 'GET', '/livez')).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = { status: 200, body: { status: 'ok', database: 'ok', temporal: 'ok' } };
    expect(await api(h, 'GET', '/readyz')).toEqual(ready);
    expect(await api(h, 'GET', '/healthz')).toEqual(ready);
  });

  test('when shutdown begins, then readiness turns false at once, liveness stays, and a request in flight still finishes', async () => {
    const served = await serveAnotherApi(h, httpConfig({ readinessDrainMs: 600 }));
    const sku = await createTestSku(h.db, { 'wh-reno': 1 });
    const { port } = served.server.address() as AddressInfo;

    // A stock adjustment whose body is only half sent when shutdown begins.
    const body = JSON.stringify(adjustment(sku, 4));
    const inFlight = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/inventory/adjustments',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...(await h.credentials.as('admin')),
      },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      inFlight.on('response', (res) => {
        let text = '';
        res
          .on('data', (chunk) => (text += chunk))
          .on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      inFlight.on('error', reject);
    });
    inFlight.write(body.slice(0, 5));
    inFlight.flushHeaders();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const stopped = served.shutdown();
    const readyz = await api(served, 'GET', '/readyz');
    expect(readyz).toMatchObject({ status: 503, body: { status: 'shutting_down' } });
    expect((await api(served, 'GET', '/livez')).status).toBe(200);

    // After the drain the server takes no new connections, but the open request is still waited for.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await expect(fetch(`${served.url}/livez`)).rejects.toThrow();
    inFlight.end(body.slice(5));
    const done = await answered;
    expect(done.status).toBe(201);
    expect(JSON.parse(done.body)).toMatchObject({ sku, onHandAfter: 5 });
    await stopped;
    expect(await stockOf(h.db, sku)).toEqual({ 'wh-reno': { onHand: 5, reserved: 0 } });
  });
});
