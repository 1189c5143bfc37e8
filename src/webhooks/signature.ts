import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who sent the webhook; its secret checks the signature. */
export const SENDER_HEADER = 'X-Webhook-Sender';
/** Unix seconds when the sender signed; part of what is signed, so a captured request goes stale. */
export const TIMESTAMP_HEADER = 'X-Signature-Timestamp';
/** `v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. */
export const SIGNATURE_HEADER = 'X-Signature';
/** How far a signature's timestamp may be from our clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, timestamp: string, body: string | Buffer) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();

/** The headers a sender attaches to `body` (the exact bytes it sends). */
export function signWebhook(
  sender: string,
  secret: string,
  body: string,
  nowMs = Date.now(),
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    [SENDER_HEADER]: sender,
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `v1=${hmac(secret, timestamp, body).toString('hex')}`,
  };
}

export type SignatureCheck = 'valid' | 'malformed' | 'stale' | 'mismatch';

/** Checks a signature in constant time, and its timestamp against the tolerance window. */
export function checkSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: Buffer,
  nowMs = Date.now(),
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature?.startsWith('v1=')) return 'malformed';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return 'stale';
  const given = Buffer.from(signature.slice(3), 'hex');
  const expected = hmac(secret, timestamp, rawBody);
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'mismatch';
}
