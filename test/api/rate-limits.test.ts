import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import type { ServedApi } from '../../src/api/serve';
import { errorHandler, HttpError } from '../../src/api/http-errors';
import { createRateLimits } from '../../src/auth/rate-limits';
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from '../../src/http-config';
import { createTestCustomer } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, orderBody } from '../support/http';
import { httpConfig, serveAnotherApi } from '../support/serve';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ withWorker: false });
});
afterAll(() => h.stop());

/**
 * Counters are shared by every test file on the run's database, and all tests call from 127.0.0.1, so
 * each test speaks from an address of its own (a proxy on loopback is trusted to tell it).
 */
const from = (ip: string, headers: Record<string, string> = {}) => ({ 'X-Forwarded-For': ip, ...headers });
/** A random address in the IPv6 documentation range. */
const uniqueIp = () => {
  const hex = randomUUID().replace(/-/g, '');
  return `2001:db8:${hex.slice(0, 4)}:${hex.slice(4, 8)}::${hex.slice(8, 12)}`;
};

const limited = (rateLimits: Partial<HttpConfig['rateLimits']>) =>
  httpConfig({ trustProxy: 'loopback', rateLimits: { ...DEFAULT_HTTP_CONFIG.rateLimits, ...rateLimits } });

/** Two API processes over the same database, as behind a load balancer. */
async function twoApis(http: HttpConfig): Promise<[ServedApi, ServedApi]> {
  return Promise.all([serveAnotherApi(h, http), serveAnotherApi(h, http)]);
}

describe('rate limits', () => {
  test('when one address places more orders than its limit across two API processes, then the next gets a 429 with Retry-After and writes nothing', async () => {
    const apis = await twoApis(limited({ orders: { perIp: 2, perCredential: 600 } }));
    try {
      const [a, b] = apis.map((served) => ({ baseUrl: served.url }));
      const customerId = await createTestCustomer(h.db);
      const ip = uniqueIp();
      const order = () => orderBody({ customerId });
      expect((await api(a!, 'POST', '/v1/orders', order(), from(ip))).status).toBe(202);
      expect((await api(b!, 'POST', '/v1/orders', order(), from(ip))).status).toBe(202);

      const response = await fetch(`${apis[0].url}/v1/orders`, {
        method: 'POST',
        headers: from(ip, { 'content-type': 'application/json' }),
        body: JSON.stringify(order()),
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await response.json()).toMatchObject({ status: 429, error: 'rate_limited' });
      expect((await api(b!, 'POST', '/v1/orders', order(), from(ip))).status).toBe(429);
      expect(await h.db('orders').where({ customer_id: customerId }).count({ n: '*' }).first()).toEqual({
        n: 2,
      });

      // Another address is counted on its own.
      expect((await api(b!, 'POST', '/v1/orders', order(), from(uniqueIp()))).status).toBe(202);
    } finally {
      await Promise.all(apis.map((served) => served.shutdown()));
    }
  });

  test('when one address sends more webhooks than its limit, then the next gets a 429', async () => {
    const apis = await twoApis(limited({ webhooks: { perIp: 1, perCredential: 600 } }));
    try {
      const ip = uniqueIp();
      const event = { trackingNumber: `TRK-${randomUUID()}`, status: 'in_transit' };
      const send = (served: ServedApi) =>
        api({ baseUrl: served.url }, 'POST', '/v1/webhooks/carrier', event, from(ip));
      expect((await send(apis[0])).status).toBe(404);
      const refused = await send(apis[1]);
      expect(refused).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    } finally {
      await Promise.all(apis.map((served) => served.shutdown()));
    }
  });

  test('when a limit is 0, then it is off', async () => {
    const served = await serveAnotherApi(h, limited({ webhooks: { perIp: 0, perCredential: 0 } }));
    try {
      const ip = uniqueIp();
      const event = { trackingNumber: `TRK-${randomUUID()}`, status: 'in_transit' };
      for (let i = 0; i < 3; i++)
        expect(
          (await api({ baseUrl: served.url }, 'POST', '/v1/webhooks/carrier', event, from(ip))).status,
        ).toBe(404);
    } finally {
      await served.shutdown();
    }
  });
});

/**
 * Until the lead's `authenticate` lands, a minimal app plays its part: it sets `res.locals.principal`
 * from a test header and answers 401 to a wrong credential, calling the failed-authentication counter
 * as the real one will. The limiters, their PostgreSQL store and the error handler are the real ones.
 */
async function serveWithAuthStandIn(
  rateLimits: HttpConfig['rateLimits'],
): Promise<{ url: string; close(): Promise<void> }> {
  const limits = createRateLimits(h.db, rateLimits);
  const authenticate: RequestHandler = async (req, res, next) => {
    const subject = req.get('X-Test-Subject');
    if (req.get('Authorization') !== 'Bearer good' || !subject) {
      await limits.failedAuth.count(req);
      throw new HttpError(401, 'unauthenticated', 'no valid credential');
    }
    res.locals.principal = { role: 'customer', subject };
    next();
  };
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(limits.failedAuth.gate, authenticate);
  app.post('/v1/orders', limits.orders, (_req, res) => {
    res.status(202).json({ accepted: true });
  });
  app.use(errorHandler);
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('rate limits with credentials', () => {
  test('when one address fails authentication more than its limit, then it gets 429s, even with a good credential, and other addresses do not', async () => {
    const served = await serveWithAuthStandIn({
      ...DEFAULT_HTTP_CONFIG.rateLimits,
      authFailures: { perIp: 2 },
    });
    try {
      const ip = uniqueIp();
      const call = (address: string, token: string) =>
        api(
          { baseUrl: served.url },
          'POST',
          '/v1/orders',
          {},
          from(address, { Authorization: `Bearer ${token}`, 'X-Test-Subject': 'cus-1' }),
        );
      expect((await call(ip, 'guess-1')).status).toBe(401);
      expect((await call(ip, 'guess-2')).status).toBe(401);
      const blocked = await call(ip, 'guess-3');
      expect(blocked).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
      expect((await call(ip, 'good')).status).toBe(429);
      expect((await call(uniqueIp(), 'good')).status).toBe(202);
    } finally {
      await served.close();
    }
  });

  test('when one credential places orders from several addresses, then its own limit counts them together', async () => {
    const served = await serveWithAuthStandIn({
      ...DEFAULT_HTTP_CONFIG.rateLimits,
      orders: { perIp: 600, perCredential: 2 },
    });
    try {
      const subject = `cus-${randomUUID()}`;
      const call = (who: string) =>
        api(
          { baseUrl: served.url },
          'POST',
          '/v1/orders',
          {},
          from(uniqueIp(), { Authorization: 'Bearer good', 'X-Test-Subject': who }),
        );
      expect((await call(subject)).status).toBe(202);
      expect((await call(subject)).status).toBe(202);
      expect((await call(subject)).status).toBe(429);
      expect((await call(`cus-${randomUUID()}`)).status).toBe(202);
    } finally {
      await served.close();
    }
  });
});
