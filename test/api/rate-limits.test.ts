import { randomUUID } from 'node:crypto';
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from '../../src/http-config';
import { createTestCustomer } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, orderBody, rawApi } from '../support/http';
import { httpConfig, serveAnotherApi, type AnotherApi } from '../support/serve';

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
async function twoApis(http: HttpConfig): Promise<[AnotherApi, AnotherApi]> {
  return Promise.all([serveAnotherApi(h, http), serveAnotherApi(h, http)]);
}

describe('rate limits', () => {
  test('when one address places more orders than its limit across two API processes, then the next gets a 429 with Retry-After and writes nothing', async () => {
    const apis = await twoApis(limited({ orders: { perIp: 2, perCredential: 600 } }));
    try {
      const [a, b] = apis;
      const customerId = await createTestCustomer(h.db);
      const ip = uniqueIp();
      const order = () => orderBody({ customerId });
      expect((await api(a, 'POST', '/v1/orders', order(), from(ip))).status).toBe(202);
      expect((await api(b, 'POST', '/v1/orders', order(), from(ip))).status).toBe(202);

      const response = await fetch(`${a.url}/v1/orders`, {
        method: 'POST',
        headers: from(ip, {
          'content-type': 'application/json',
          ...(await h.credentials.as('customer', customerId)),
        }),
        body: JSON.stringify({ ...order(), customerId: undefined }),
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await response.json()).toMatchObject({ status: 429, error: 'rate_limited' });
      expect((await api(b, 'POST', '/v1/orders', order(), from(ip))).status).toBe(429);
      expect(await h.db('orders').where({ customer_id: customerId }).count({ n: '*' }).first()).toEqual({
        n: 2,
      });

      // Another address is counted on its own.
      expect((await api(b, 'POST', '/v1/orders', order(), from(uniqueIp()))).status).toBe(202);
    } finally {
      await Promise.all(apis.map((served) => served.shutdown()));
    }
  });

  test('when one address sends more webhooks than its limit, then the next gets a 429', async () => {
    const apis = await twoApis(limited({ webhooks: { perIp: 1, perCredential: 60_000 } }));
    try {
      const ip = uniqueIp();
      const event = { trackingNumber: `TRK-${randomUUID()}`, status: 'in_transit' };
      const send = (served: AnotherApi) => api(served, 'POST', '/v1/webhooks/carrier', event, from(ip));
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
        expect((await api(served, 'POST', '/v1/webhooks/carrier', event, from(ip))).status).toBe(404);
    } finally {
      await served.shutdown();
    }
  });
});

describe('rate limits with credentials', () => {
  test('when one address presents bad credentials more than its limit, then it gets 429s, even with a good credential, and other addresses do not', async () => {
    const served = await serveAnotherApi(h, limited({ authFailures: { perIp: 2 } }));
    try {
      const ip = uniqueIp();
      const badToken = { Authorization: 'Bearer not-a-token' };
      const badSignature = {
        'X-Webhook-Sender': 'sandbox-carrier',
        'X-Signature-Timestamp': '1',
        'X-Signature': 'v1=00',
      };
      const admin = await h.credentials.as('admin');
      expect((await rawApi(served, 'GET', '/v1/orders', undefined, from(ip, badToken))).status).toBe(401);
      const forged = await rawApi(
        served,
        'POST',
        '/v1/webhooks/carrier',
        { trackingNumber: 'x', status: 'delivered' },
        from(ip, badSignature),
      );
      expect(forged.status).toBe(401);
      const blocked = await rawApi(served, 'GET', '/v1/orders', undefined, from(ip, badToken));
      expect(blocked).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
      expect((await rawApi(served, 'GET', '/v1/orders', undefined, from(ip, admin))).status).toBe(429);
      expect((await rawApi(served, 'GET', '/v1/orders', undefined, from(uniqueIp(), admin))).status).toBe(
        200,
      );
      // Calling without any credential is not a guess: it is answered 401 and not counted.
      const anonymousIp = uniqueIp();
      for (let i = 0; i < 3; i++)
        expect((await rawApi(served, 'GET', '/v1/orders', undefined, from(anonymousIp))).status).toBe(401);
    } finally {
      await served.shutdown();
    }
  });

  test('when one customer places orders from several addresses, then their own limit counts them together', async () => {
    const served = await serveAnotherApi(h, limited({ orders: { perIp: 600, perCredential: 2 } }));
    try {
      const customerId = await createTestCustomer(h.db);
      const order = (who: string) =>
        api(served, 'POST', '/v1/orders', orderBody({ customerId: who }), from(uniqueIp()));
      expect((await order(customerId)).status).toBe(202);
      expect((await order(customerId)).status).toBe(202);
      expect(await order(customerId)).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
      expect((await order(await createTestCustomer(h.db))).status).toBe(202);
    } finally {
      await served.shutdown();
    }
  });
});
