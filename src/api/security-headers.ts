import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { SENDER_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../webhooks/signature';

/** Request headers a browser client may send: credentials, idempotency, JSON, and webhook signatures. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Idempotency-Key',
  'Content-Type',
  SENDER_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
];
/** Response headers a browser client may read. */
const CORS_EXPOSED_HEADERS = ['Retry-After', 'Location'];
const CORS_METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/**
 * helmet's security headers (nosniff, HSTS, a strict CSP, no framing, no referrer...) and an explicit
 * CORS policy: only the configured origins get CORS headers, and none are configured by default, since
 * shops call this API from their servers. (The Temporal UI talks to the codec server, not to this API.)
 */
export function securityHeaders(corsOrigins: string[]): RequestHandler[] {
  return [
    helmet(),
    cors({
      origin: corsOrigins.length > 0 ? corsOrigins : false,
      methods: CORS_METHODS,
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    }),
  ];
}
