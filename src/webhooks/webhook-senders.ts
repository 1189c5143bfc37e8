import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readOrCreateSecretFile } from '../auth/secret-file';

/** A party allowed to call a webhook, with its own signing secret. */
export interface WebhookSender {
  role: 'carrier' | 'payment-provider';
  secret: string;
}
export type WebhookSenders = Record<string, WebhookSender>;

/** The route each kind of sender calls. */
export const WEBHOOK_PATHS: Partial<Record<WebhookSender['role'], string>> = {
  carrier: '/v1/webhooks/carrier',
  'payment-provider': '/v1/webhooks/payments',
};

/** The sandbox carrier's sender name; it matches `shipments.carrier`, so it can only move its own parcels. */
export const SANDBOX_CARRIER = 'sandbox-carrier';
/** The sandbox payment provider's sender name; it matches `payments.provider`. */
export const SANDBOX_PAYMENTS = 'sandbox';

export const webhookSecretsFile = (dataDir: string) => path.join(dataDir, 'auth', 'webhook-secrets.json');

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** Fresh secrets for the sandbox senders (tests, and the first `npm start`). */
export const generateWebhookSenders = (): WebhookSenders => ({
  [SANDBOX_CARRIER]: { role: 'carrier', secret: newSecret() },
  [SANDBOX_PAYMENTS]: { role: 'payment-provider', secret: newSecret() },
});

/**
 * The senders' secrets, made on first use under the git-ignored data folder. A sandbox sender added since
 * the file was made gets its secret then, and existing secrets are kept.
 */
export async function loadOrCreateWebhookSenders(dataDir: string): Promise<WebhookSenders> {
  const file = webhookSecretsFile(dataDir);
  const senders = await readOrCreateSecretFile(file, async () => generateWebhookSenders());
  const missing = Object.entries(generateWebhookSenders()).filter(([name]) => !Object.hasOwn(senders, name));
  if (missing.length === 0) return senders;
  const completed = { ...senders, ...Object.fromEntries(missing) };
  writeFileSync(file, `${JSON.stringify(completed, null, 2)}\n`, { mode: 0o600 });
  return completed;
}
