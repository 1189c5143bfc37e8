import { loadConfig } from '../src/config';
import { signWebhook } from '../src/webhooks/signature';
import { loadOrCreateWebhookSenders, WEBHOOK_PATHS } from '../src/webhooks/webhook-senders';

// `npm run -s webhook:sign -- <sender> '<json body>'`: prints a curl command that sends the body signed
// as that sender (valid for 5 minutes). The body must be sent byte for byte as signed.
async function main() {
  const [sender, body] = process.argv.slice(2);
  const config = loadConfig();
  const senders = await loadOrCreateWebhookSenders(config.dataDir);
  const known = sender ? senders[sender] : undefined;
  if (!known || !body) {
    console.error(`usage: npm run -s webhook:sign -- <${Object.keys(senders).join('|')}> '<json body>'`);
    process.exit(2);
  }
  const path = WEBHOOK_PATHS[known.role];
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const headers = Object.entries(signWebhook(sender!, known.secret, body)).map(
    ([name, value]) => `-H ${quote(`${name}: ${value}`)}`,
  );
  console.log(
    [
      `curl -sS -X POST http://${config.api.host}:${config.api.port}${path}`,
      "-H 'content-type: application/json'",
      ...headers,
      `--data-binary ${quote(body)}`,
    ].join(' \\\n  '),
  );
}

void main();
