import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WebhookSenders } from '../webhooks/webhook-senders';
import { webhookSecretsFile } from '../webhooks/webhook-senders';
import type { TokenRole } from './roles';
import type { SigningKeyPair } from './signing-key';
import { issueToken, type TokenAudience } from './tokens';

/** Who the demo tokens are for: a seeded customer, a support agent and an admin. */
export const DEMO_PRINCIPALS: ReadonlyArray<{ role: TokenRole; subject: string }> = [
  { role: 'customer', subject: 'cus-alice' },
  { role: 'support', subject: 'support-sam' },
  { role: 'admin', subject: 'admin-ada' },
];

const DEMO_TOKEN_DAYS = 30;
const DAY_SECONDS = 86_400;

export const demoCredentialsFile = (dataDir: string) => path.join(dataDir, 'auth', 'demo-credentials.json');

interface DemoCredentials {
  tokens: Record<TokenRole, { subject: string; token: string; expiresAt: string }>;
  webhookSenders: Record<string, { role: string; secretFile: string }>;
}

/**
 * Demo bearer tokens for each role, kept under the git-ignored data folder and renewed when less than a
 * day is left, so that the README's examples work on every start. Webhook secrets stay in their own file.
 */
export async function ensureDemoCredentials(
  dataDir: string,
  signingKey: SigningKeyPair,
  audience: TokenAudience,
  senders: WebhookSenders,
): Promise<{ file: string; credentials: DemoCredentials }> {
  const file = demoCredentialsFile(dataDir);
  const existing = readExisting(file);
  if (existing && stillValid(existing)) return { file, credentials: existing };
  const tokens = {} as DemoCredentials['tokens'];
  for (const { role, subject } of DEMO_PRINCIPALS) {
    const ttlSeconds = DEMO_TOKEN_DAYS * DAY_SECONDS;
    const token = await issueToken(signingKey.privateKey, audience, { role, subject, ttlSeconds });
    tokens[role] = { subject, token, expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString() };
  }
  const webhookSenders = Object.fromEntries(
    Object.entries(senders).map(([name, sender]) => [
      name,
      { role: sender.role, secretFile: webhookSecretsFile(dataDir) },
    ]),
  );
  const credentials = { tokens, webhookSenders };
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { file, credentials };
}

function readExisting(file: string): DemoCredentials | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
  } catch {
    return undefined;
  }
}

// A token signed by a key since replaced would fail; the key file and this file live and die together.
const stillValid = (credentials: DemoCredentials) =>
  DEMO_PRINCIPALS.every(({ role }) => {
    const entry = credentials.tokens?.[role];
    return entry && Date.parse(entry.expiresAt) - Date.now() > DAY_SECONDS * 1000;
  });
