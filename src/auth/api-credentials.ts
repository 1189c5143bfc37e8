import { createRemoteJWKSet } from 'jose';
import type { AppConfig } from '../config';
import { loadOrCreateWebhookSenders, type WebhookSenders } from '../webhooks/webhook-senders';
import { loadOrCreateSigningKey, type SigningKeyPair } from './signing-key';
import { createTokenVerifier, type TokenVerifier } from './tokens';

export interface ApiCredentials {
  tokens: TokenVerifier;
  webhookSenders: WebhookSenders;
  /** The local signing key; absent when tokens come from an identity provider (AUTH_JWKS_URL). */
  signingKey?: SigningKeyPair;
}

/**
 * How the API checks callers: against the identity provider's JWKS when AUTH_JWKS_URL is set, else against
 * the local signing key under the data folder (made on first use), plus the webhook senders' secrets.
 */
export async function loadApiCredentials(
  config: Pick<AppConfig, 'auth' | 'dataDir'>,
): Promise<ApiCredentials> {
  const audience = { issuer: config.auth.issuer, audience: config.auth.audience };
  const webhookSenders = await loadOrCreateWebhookSenders(config.dataDir);
  if (config.auth.jwksUrl) {
    return {
      tokens: createTokenVerifier(createRemoteJWKSet(new URL(config.auth.jwksUrl)), audience),
      webhookSenders,
    };
  }
  const signingKey = await loadOrCreateSigningKey(config.dataDir);
  return { tokens: createTokenVerifier(signingKey.publicKey, audience), webhookSenders, signingKey };
}
