import { z } from 'zod';
import { duration, ms } from './config-fields';

// A requests-per-window limit; 0 turns that limit off (and saves its database round trip).
const limit = (perWindow: number) => z.coerce.number().int().min(0).default(perWindow);
const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/**
 * The API's abuse controls and time limits, as environment variables (part of the app's config schema).
 * Rate limit defaults are generous: a shop's backend sends every customer's orders from one address, and
 * the test suite and load benchmarks must not be throttled; tighten them per deployment.
 */
export const httpSettings = {
  /** Browser origins allowed to call the API (comma-separated); none by default: shops call it server-side. */
  CORS_ORIGINS: list,
  /** Express "trust proxy": which proxies' X-Forwarded-For gives the client IP (e.g. "loopback", "10.0.0.0/8", "1"). */
  TRUST_PROXY: z.string().default(''),
  /** A request not answered within this gets a 503; also the server's limit for receiving a request. */
  REQUEST_TIMEOUT: duration.default('30s'),
  /** Limit for receiving a request's headers (slow clients hold sockets). */
  HEADERS_TIMEOUT: duration.default('10s'),
  /** After SIGTERM, how long /readyz reports 503 before the server stops taking connections. */
  READINESS_DRAIN: duration.optional(),
  RATE_LIMIT_WINDOW: duration.default('1 minute'),
  RATE_LIMIT_ORDERS_PER_CREDENTIAL: limit(600),
  RATE_LIMIT_ORDERS_PER_IP: limit(60_000),
  RATE_LIMIT_WEBHOOKS_PER_CREDENTIAL: limit(60_000),
  RATE_LIMIT_WEBHOOKS_PER_IP: limit(60_000),
  RATE_LIMIT_AUTH_FAILURES_PER_IP: limit(600),
};

const httpSchema = z.object(httpSettings);
type HttpSettings = z.infer<typeof httpSchema>;

/** A per-credential and a per-IP limit for one kind of request, per window. */
export interface LimitPair {
  perCredential: number;
  perIp: number;
}

/** The API's abuse controls and time limits. */
export interface HttpConfig {
  corsOrigins: string[];
  trustProxy: boolean | number | string;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  readinessDrainMs: number;
  rateLimits: {
    windowMs: number;
    orders: LimitPair;
    webhooks: LimitPair;
    authFailures: { perIp: number };
  };
}

/** Builds the typed HTTP settings from the validated environment. */
export function toHttpConfig(raw: HttpSettings): HttpConfig {
  return {
    corsOrigins: raw.CORS_ORIGINS,
    trustProxy: trustProxyValue(raw.TRUST_PROXY.trim()),
    requestTimeoutMs: ms(raw.REQUEST_TIMEOUT),
    headersTimeoutMs: ms(raw.HEADERS_TIMEOUT),
    readinessDrainMs: raw.READINESS_DRAIN ? ms(raw.READINESS_DRAIN) : 0,
    rateLimits: {
      windowMs: ms(raw.RATE_LIMIT_WINDOW),
      orders: { perCredential: raw.RATE_LIMIT_ORDERS_PER_CREDENTIAL, perIp: raw.RATE_LIMIT_ORDERS_PER_IP },
      webhooks: {
        perCredential: raw.RATE_LIMIT_WEBHOOKS_PER_CREDENTIAL,
        perIp: raw.RATE_LIMIT_WEBHOOKS_PER_IP,
      },
      authFailures: { perIp: raw.RATE_LIMIT_AUTH_FAILURES_PER_IP },
    },
  };
}

/** Express's forms: a boolean, a hop count, or addresses and subnets. */
function trustProxyValue(text: string): HttpConfig['trustProxy'] {
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** The defaults, for an app built without a loaded config (tests, benchmarks). */
export const DEFAULT_HTTP_CONFIG: HttpConfig = toHttpConfig(httpSchema.parse({}));
