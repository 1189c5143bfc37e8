import { TOKEN_ROLES, type TokenRole } from '../src/auth/roles';
import { loadOrCreateSigningKey } from '../src/auth/signing-key';
import { issueToken } from '../src/auth/tokens';
import { loadConfig } from '../src/config';

// `npm run -s token -- <role> <subject> [days]`: prints a bearer token signed with the local key, e.g. for
// another customer than the demo one. Customers' subject is their customer id.
async function main() {
  const [role, subject, days = '1'] = process.argv.slice(2);
  if (!TOKEN_ROLES.includes(role as TokenRole) || !subject || !(Number(days) > 0)) {
    console.error(`usage: npm run -s token -- <${TOKEN_ROLES.join('|')}> <subject> [days, default 1]`);
    process.exit(2);
  }
  const config = loadConfig();
  if (config.auth.jwksUrl) {
    console.error('AUTH_JWKS_URL is set: tokens come from your identity provider, not from this script.');
    process.exit(2);
  }
  const key = await loadOrCreateSigningKey(config.dataDir);
  const ttlSeconds = Math.round(Number(days) * 86_400);
  console.log(
    await issueToken(key.privateKey, config.auth, { role: role as TokenRole, subject, ttlSeconds }),
  );
}

void main();
