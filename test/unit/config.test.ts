import { ConfigError, loadConfig } from '../../src/config';
import { parseDuration } from '../../src/domain/duration';

describe('configuration', () => {
  test('when nothing is set, then the documented defaults apply', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.api).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.temporal).toMatchObject({
      address: undefined,
      devServerPort: 7233,
      uiPort: 8233,
      namespace: 'default',
    });
    expect(config.database).toEqual({
      url: undefined,
      embeddedPort: 54329,
      poolMax: 25,
      statementTimeoutMs: 60_000,
    });
    expect(config.worker).toEqual({ activityConcurrency: 20, maxCachedWorkflows: 150, workflowHeapMb: 384 });
    expect(config.temporal.dynamicConfig).toEqual(['system.enableActivityEagerExecution=true']);
    expect(config.dataDir).toBe('/srv/app/data');
    expect(config.checkout).toMatchObject({
      autoConfirmAfterMs: 7 * 86_400_000,
      returnWindowMs: 30 * 86_400_000,
      reviewTimeoutMs: 24 * 3_600_000,
      allocationStrategy: 'optimal',
    });
  });

  test('when the worker runs more activities at once, then the pool grows with it', () => {
    expect(loadConfig({ WORKER_ACTIVITY_CONCURRENCY: '50' }).database.poolMax).toBe(55);
    expect(loadConfig({ WORKER_ACTIVITY_CONCURRENCY: '50', DATABASE_POOL_MAX: '60' }).database.poolMax).toBe(
      60,
    );
  });

  test('when the pool is smaller than the activity concurrency, then loading fails naming DATABASE_POOL_MAX', () => {
    const load = () => loadConfig({ WORKER_ACTIVITY_CONCURRENCY: '30', DATABASE_POOL_MAX: '10' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/DATABASE_POOL_MAX: must be at least WORKER_ACTIVITY_CONCURRENCY \(30\)/);
  });

  test('when settings are bad, then loading fails with a message naming each one', () => {
    const load = () =>
      loadConfig({
        API_PORT: 'eighty',
        DATABASE_URL: 'not a url',
        RETURN_WINDOW: 'soon',
        ALLOCATION_STRATEGY: 'random',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/API_PORT/);
    expect(load).toThrow(/DATABASE_URL/);
    expect(load).toThrow(/RETURN_WINDOW/);
    expect(load).toThrow(/ALLOCATION_STRATEGY/);
  });

  test('when dev server settings are given, then each KEY=JSON reaches config.temporal, and one without = fails naming TEMPORAL_DYNAMIC_CONFIG', () => {
    const config = loadConfig({
      TEMPORAL_DYNAMIC_CONFIG: 'system.enableActivityEagerExecution=false, limit.blobSize.error=1048576',
    });
    expect(config.temporal.dynamicConfig).toEqual([
      'system.enableActivityEagerExecution=false',
      'limit.blobSize.error=1048576',
    ]);
    const load = () => loadConfig({ TEMPORAL_DYNAMIC_CONFIG: 'eager' });
    expect(load).toThrow(/TEMPORAL_DYNAMIC_CONFIG/);
  });

  test('when TEMPORAL_ADDRESS and DATABASE_URL are set, then they replace the embedded servers', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal:7233',
      DATABASE_URL: 'postgres://u:p@db:5432/checkout',
    });
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.database.url).toBe('postgres://u:p@db:5432/checkout');
  });

  test('when an empty string is set, then it counts as unset', () => {
    expect(loadConfig({ TEMPORAL_ADDRESS: '', DATABASE_URL: ' ' }).temporal.address).toBeUndefined();
  });

  test('when sandbox fault rates are set, then they reach config.sandbox, and none are injected by default', () => {
    const week = 7 * 86_400_000;
    expect(loadConfig({}).sandbox).toEqual({ failureRate: 0, lostReplyRate: 0, authorizationTtlMs: week });
    expect(loadConfig({ SANDBOX_FAILURE_RATE: '0.2', SANDBOX_LOST_REPLY_RATE: '0.05' }).sandbox).toEqual({
      failureRate: 0.2,
      lostReplyRate: 0.05,
      authorizationTtlMs: week,
    });
  });

  test('when payment waits are set, then they reach config.checkout; by default a card waits 15 minutes, a transfer 3 days', () => {
    expect(loadConfig({}).checkout).toMatchObject({
      paymentDeadlineMs: { card: 15 * 60_000, wallet: 60 * 60_000, bank_transfer: 3 * 86_400_000 },
      paymentRetryWindowMs: 60 * 60_000,
    });
    const config = loadConfig({
      PAYMENT_DEADLINE_WALLET: '30s',
      PAYMENT_RETRY_WINDOW: '2 minutes',
      SANDBOX_AUTHORIZATION_TTL: '5s',
    });
    expect(config.checkout.paymentDeadlineMs.wallet).toBe(30_000);
    expect(config.checkout.paymentRetryWindowMs).toBe(120_000);
    expect(config.sandbox.authorizationTtlMs).toBe(5_000);
    expect(() => loadConfig({ PAYMENT_DEADLINE_CARD: 'soon' })).toThrow(/PAYMENT_DEADLINE_CARD/);
  });

  test('when a sandbox fault rate is above 0.9 or negative, then loading fails naming it', () => {
    expect(() => loadConfig({ SANDBOX_FAILURE_RATE: '1' })).toThrow(/SANDBOX_FAILURE_RATE/);
    expect(() => loadConfig({ SANDBOX_LOST_REPLY_RATE: '-0.1' })).toThrow(/SANDBOX_LOST_REPLY_RATE/);
  });
});

describe('HTTP abuse controls and time limits', () => {
  test('when nothing is set, then no browser origin is allowed and the limits are generous', () => {
    const { http } = loadConfig({});
    expect(http).toMatchObject({
      corsOrigins: [],
      trustProxy: false,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      readinessDrainMs: 0,
    });
    expect(http.rateLimits.windowMs).toBe(60_000);
    expect(http.rateLimits.orders.perCredential).toBeGreaterThanOrEqual(600);
  });

  test('when origins, a proxy hop count and limits are set, then they are parsed, and 0 turns a limit off', () => {
    const { http } = loadConfig({
      CORS_ORIGINS: ' https://shop.example , https://admin.shop.example ',
      TRUST_PROXY: '1',
      READINESS_DRAIN: '5s',
      RATE_LIMIT_WINDOW: '10s',
      RATE_LIMIT_ORDERS_PER_IP: '0',
      RATE_LIMIT_AUTH_FAILURES_PER_IP: '20',
    });
    expect(http.corsOrigins).toEqual(['https://shop.example', 'https://admin.shop.example']);
    expect(http.trustProxy).toBe(1);
    expect(http.readinessDrainMs).toBe(5_000);
    expect(http.rateLimits).toMatchObject({
      windowMs: 10_000,
      orders: { perIp: 0 },
      authFailures: { perIp: 20 },
    });
  });

  test('when a limit or a time limit is not valid, then loading fails naming it', () => {
    expect(() => loadConfig({ RATE_LIMIT_ORDERS_PER_CREDENTIAL: '-1' })).toThrow(
      /RATE_LIMIT_ORDERS_PER_CREDENTIAL/,
    );
    expect(() => loadConfig({ REQUEST_TIMEOUT: 'forever' })).toThrow(/REQUEST_TIMEOUT/);
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT: '0s' })).toThrow(/DATABASE_STATEMENT_TIMEOUT/);
  });
});

describe('durations', () => {
  test.each([
    ['30s', 30_000],
    ['250ms', 250],
    ['15 minutes', 900_000],
    ['24h', 86_400_000],
    ['7 days', 604_800_000],
    ['1 day', 86_400_000],
  ])('when "%s" is parsed, then it is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', 'soon', '5', '-3s', '0s', '3 fortnights'])(
    'when "%s" is parsed, then it is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );
});
