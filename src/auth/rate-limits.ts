import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from '../api/http-errors';
import { principalOf } from './authenticate';
import type { HttpConfig, LimitPair } from '../http-config';
import { SENDER_HEADER } from '../webhooks/signature';

/** The table the counters live in (created by migration 20261122000030), shared by every API process. */
export const RATE_LIMITS_TABLE = 'rate_limits';

type Limiter = RateLimiterPostgres | null;

/** Who is asking, for per-credential limits: the token's subject, or the webhook's sender. */
const credentialOf = (res: Response): string | undefined => principalOf(res)?.subject;

/** Whether a request carries a credential: a bearer token or a signed webhook's sender. */
const presentsCredential = (req: Request) =>
  req.get('Authorization') !== undefined || req.get(SENDER_HEADER) !== undefined;

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
   * Failed authentication, per IP. `gate` goes before `authenticate` and refuses an address already over
   * the limit without looking at its credential; `countFailures` goes before the error handler and counts
   * each 401 of a request that presented a credential (a bearer token or a webhook signature), turning it
   * into a 429 once the address is over the limit. (A 401 for no credential at all is not a guess.)
   */
  failedAuth: { gate: RequestHandler; countFailures: ErrorRequestHandler };
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
        // Only a request that presents a credential could be a guess; the others skip the lookup.
        const check = authFailures && req.ip && presentsCredential(req);
        const seen = check ? await authFailures.get(req.ip!).catch(() => null) : null;
        if (seen && seen.consumedPoints > config.authFailures.perIp)
          throw tooMany('failed authentications', seen.msBeforeNext);
        next();
      },
      countFailures: (error: unknown, req, _res, next) => {
        if ((error as { status?: number }).status !== 401 || !presentsCredential(req)) return next(error);
        consume('failed authentications', [[authFailures, req.ip]]).then(() => next(error), next);
      },
    },
  };
}
