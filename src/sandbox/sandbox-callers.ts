import { randomUUID } from 'node:crypto';
import type { TokenRole } from '../auth/roles';
import type { SigningKeyPair } from '../auth/signing-key';
import { issueToken, type TokenAudience } from '../auth/tokens';
import { signWebhook } from '../webhooks/signature';
import { SANDBOX_CARRIER, SANDBOX_PAYMENTS, type WebhookSenders } from '../webhooks/webhook-senders';

/** The webhooks the sandbox's own parties sign. */
const SIGNERS: Record<string, 'carrier' | 'provider'> = {
  '/v1/webhooks/carrier': 'carrier',
  '/v1/webhooks/payments': 'provider',
};

/** A request ready to send: the exact body text and the headers that authenticate it. */
export interface PreparedCall {
  body: string | undefined;
  headers: Record<string, string>;
}

/**
 * Plays the API's usual callers for tests and the chaos run, with keys it holds: an order is placed by the
 * customer named in the body (`customerId`, moved into the token, since the API never reads it from the
 * body), a carrier or payment webhook is signed by the sandbox carrier or provider (with a fresh `eventId` unless given), and
 * anything else is done by an admin.
 */
export function createSandboxCallers(keys: {
  signingKey: SigningKeyPair;
  audience: TokenAudience;
  webhookSenders: WebhookSenders;
}) {
  const tokens = new Map<string, Promise<string>>();
  const bearer = async (role: TokenRole, subject: string) => {
    const key = `${role}:${subject}`;
    if (!tokens.has(key))
      tokens.set(
        key,
        issueToken(keys.signingKey.privateKey, keys.audience, { role, subject, ttlSeconds: 86_400 }),
      );
    return { authorization: `Bearer ${await tokens.get(key)}` };
  };
  const signedBy = (sender: string) => (body: string, nowMs?: number) =>
    signWebhook(sender, keys.webhookSenders[sender]!.secret, body, nowMs);
  const signedByCarrier = signedBy(SANDBOX_CARRIER);
  const signedByProvider = signedBy(SANDBOX_PAYMENTS);

  return {
    /** `Authorization` headers for a role and subject (a customer's subject is their customer id). */
    as: (role: TokenRole, subject = `sandbox-${role}`) => bearer(role, subject),
    signedByCarrier,
    signedByProvider,
    async prepare(method: string, path: string, body: unknown): Promise<PreparedCall> {
      const fields = isRecord(body) ? body : undefined;
      const signer = method === 'POST' && fields ? SIGNERS[path] : undefined;
      if (signer && fields) {
        const text = JSON.stringify({ eventId: randomUUID(), ...fields });
        return { body: text, headers: (signer === 'carrier' ? signedByCarrier : signedByProvider)(text) };
      }
      if (method === 'POST' && path === '/v1/orders' && fields) {
        const { customerId = 'cus-alice', ...rest } = fields;
        return { body: JSON.stringify(rest), headers: await bearer('customer', String(customerId)) };
      }
      return { body: serialize(body), headers: await bearer('admin', 'sandbox-admin') };
    },
  };
}
export type SandboxCallers = ReturnType<typeof createSandboxCallers>;

const serialize = (body: unknown) =>
  body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
