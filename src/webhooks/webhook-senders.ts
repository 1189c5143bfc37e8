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
};

/** The sandbox carrier's sender name; it matches `shipments.carrier`, so it can only move its own parcels. */
export const SANDBOX_CARRIER = 'sandbox-carrier';

export const webhookSecretsFile = (dataDir: string) => path.join(dataDir, 'auth', 'webhook-secrets.json');

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * Fresh secrets for the sandbox senders (tests, and the first `npm start`). The sandbox payment provider
 * answers synchronously today, so it has no webhook yet; it gets a sender here when it does.
 */
export const generateWebhookSenders = (): WebhookSenders => ({
  [SANDBOX_CARRIER]: { role: 'carrier', secret: newSecret() },
});

/** The senders' secrets, made on first use under the git-ignored data folder. */
export function loadOrCreateWebhookSenders(dataDir: string): Promise<WebhookSenders> {
  return readOrCreateSecretFile(webhookSecretsFile(dataDir), async () => generateWebhookSenders());
}
