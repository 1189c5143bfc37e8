import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from '../api/http-errors';
import type { HttpConfig, LimitPair } from '../http-config';

/** The table the counters live in (created by migration 20261122000030), shared by every API process. */
export const RATE_LIMITS_TABLE = 'rate_limits';

type Limiter = RateLimiterPostgres | null;

/** The one place that says who is asking: the credential's subject, set by `authenticate` (src/auth). */
export function credentialOf(res: Response): string | undefined {
  return (res.locals.principal as { subject?: string } | undefined)?.subject;
}

/** The answer once a limit is reached: 429 with Retry-After in whole seconds. */
function tooMany(what: string, msBeforeNext: number): HttpError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new HttpError(
    429,
    'rate_limited',
    `too many ${what}; retry after ${seconds} s`,
    undefined,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}

/**
 * Counts one request against each (limiter, key) pair; throws a 429 when any is over. A counter store
 * that cannot be reached lets the request through: the request needs the same database anyway, and
 * failing closed would turn a database blip into refusing every request.
 */
async function consume(what: string, counts: Array<[Limiter, string | undefined]>): Promise<void> {
  const results = await Promise.allSettled(
    counts.flatMap(([limiter, key]) => (limiter && key ? [limiter.consume(key)] : [])),
  );
  const refused = results.flatMap((r) =>
    r.status === 'rejected' && r.reason instanceof RateLimiterRes ? [r.reason.msBeforeNext] : [],
  );
  if (refused.length > 0) throw tooMany(what, Math.max(...refused));
  for (const r of results)
    if (r.status === 'rejected') console.error(`rate limit store failed (${what} let through):`, r.reason);
}

/** Limits on the API's abuse-prone requests, counted in PostgreSQL so they hold across API processes. */
export interface RateLimits {
  /** Order placement, per credential and per IP. */
  orders: RequestHandler;
  /** Webhooks, per credential (the sender) and per IP. */
  webhooks: RequestHandler;
  /**
   * Failed authentication, per IP. `gate` goes before `authenticate` and refuses an IP already over the
   * limit without looking at its credential; `count(req)` is called on every 401 and throws a 429 (to
   * send instead of the 401) once the IP goes over.
   */
  failedAuth: { gate: RequestHandler; count(req: Request): Promise<void> };
}

/** Builds the limiters over the app's database; a limit of 0 is off. */
export function createRateLimits(db: Knex, config: HttpConfig['rateLimits']): RateLimits {
  const limiter = (keyPrefix: string, points: number): Limiter =>
    points === 0
      ? null
      : new RateLimiterPostgres({
          storeClient: db,
          storeType: 'knex',
          tableName: RATE_LIMITS_TABLE,
          tableCreated: true,
          keyPrefix,
          points,
          duration: config.windowMs / 1000,
        });
  const pair = (name: string, limits: LimitPair): RequestHandler => {
    const perIp = limiter(`${name}:ip`, limits.perIp);
    const perCredential = limiter(`${name}:credential`, limits.perCredential);
    return async (req, res, next) => {
      await consume(name, [
        [perIp, req.ip],
        [perCredential, credentialOf(res)],
      ]);
      next();
    };
  };
  const authFailures = limiter('auth-failures:ip', config.authFailures.perIp);
  return {
    orders: pair('orders', config.orders),
    webhooks: pair('webhooks', config.webhooks),
    failedAuth: {
      gate: async (req, _res, next) => {
        const seen = req.ip && authFailures ? await authFailures.get(req.ip).catch(() => null) : null;
        if (seen && seen.consumedPoints > config.authFailures.perIp)
          throw tooMany('failed authentications', seen.msBeforeNext);
        next();
      },
      count: (req) => consume('failed authentications', [[authFailures, req.ip]]),
    },
  };
}
