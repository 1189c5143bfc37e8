import type { Request, RequestHandler } from 'express';
import { forbidden, principalOf, unauthorized } from '../auth/authenticate';
import {
  checkSignature,
  SENDER_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type SignatureCheck,
} from './signature';
import type { WebhookSenders } from './webhook-senders';

/** The exact bytes of a JSON body, kept by the body parser: signatures are over bytes, not parsed JSON. */
export const rawBodyOf = (req: Request): Buffer =>
  (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);

const REFUSAL: Record<Exclude<SignatureCheck, 'valid'>, string> = {
  malformed: `${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} ("v1=<hex>") are required`,
  stale: 'the signature timestamp is outside the 5-minute window',
  mismatch: 'the signature does not match',
};

/**
 * Authenticates a webhook by its sender's HMAC signature, making the sender the request's principal
 * (role `carrier` or `payment-provider`). A bearer token is no substitute: with one and no signature,
 * the caller is known but not allowed (403).
 */
export function verifyWebhook(senders: WebhookSenders): RequestHandler {
  return (req, res, next) => {
    const sender = req.get(SENDER_HEADER);
    if (sender === undefined) {
      return next(
        principalOf(res)
          ? forbidden('webhooks are signed by their sender, not called with a token')
          : unauthorized(
              `a signed webhook is required (${SENDER_HEADER}, ${TIMESTAMP_HEADER}, ${SIGNATURE_HEADER})`,
            ),
      );
    }
    const known = Object.hasOwn(senders, sender) ? senders[sender] : undefined;
    if (!known) return next(unauthorized(`unknown sender "${sender.slice(0, 64)}"`));
    const check = checkSignature(
      known.secret,
      { timestamp: req.get(TIMESTAMP_HEADER), signature: req.get(SIGNATURE_HEADER) },
      rawBodyOf(req),
    );
    if (check !== 'valid') return next(unauthorized(REFUSAL[check]));
    res.locals.principal = { role: known.role, subject: sender };
    next();
  };
}
