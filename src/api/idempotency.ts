import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { invalid } from './http-errors';

/** A stable hash of a request's content: the same idempotency key with other content is a conflict. */
export const requestHash = (content: unknown) =>
  createHash('sha256').update(JSON.stringify(content)).digest('hex');

/** The request's Idempotency-Key header: absent, or 1 to 200 visible ASCII characters (else a 400). */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key))
    throw invalid('Idempotency-Key', 'must be 1 to 200 visible ASCII characters');
  return key;
}

/** An id derived from an Idempotency-Key: bounded and colon-free, whatever the key holds. */
export const idFromKey = (key: string) =>
  `key-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
