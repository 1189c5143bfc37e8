import { generateSigningKey } from '../../src/auth/signing-key';
import { createTokenVerifier, type TokenVerifier } from '../../src/auth/tokens';
import { createSandboxCallers, type SandboxCallers } from '../../src/sandbox/sandbox-callers';
import { generateWebhookSenders, type WebhookSenders } from '../../src/webhooks/webhook-senders';

export const TEST_AUDIENCE = { issuer: 'checkout-saga', audience: 'checkout-api' };

/** A test's own signing key and webhook secrets, and the callers that use them. */
export type TestCredentials = SandboxCallers & { tokens: TokenVerifier; webhookSenders: WebhookSenders };

export async function createTestCredentials(): Promise<TestCredentials> {
  const signingKey = await generateSigningKey();
  const webhookSenders = generateWebhookSenders();
  return {
    ...createSandboxCallers({ signingKey, audience: TEST_AUDIENCE, webhookSenders }),
    tokens: createTokenVerifier(signingKey.publicKey, TEST_AUDIENCE),
    webhookSenders,
  };
}
