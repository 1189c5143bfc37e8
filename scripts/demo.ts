// `npm run demo`: starts the whole system as `npm start` does (its own data folder and ports, with payment
// deadlines shrunk to seconds), then drives the commerce paths over HTTP and prints each order's final
// state and money movements. See README, "The commerce demo".
import { loadApiCredentials } from '../src/auth/api-credentials';
import { loadConfig } from '../src/config';
import { embeddedPostgresUrl } from '../src/db/embedded-postgres';
import { createDb } from '../src/db/knex';
import { runNpmStartUntilUp } from '../src/ops/npm-start-process';
import { createSandboxCallers } from '../src/sandbox/sandbox-callers';
import { createDemoClient } from './demo/demo-client';
import { printOrderReport } from './demo/demo-report';
import { DEMO_SCENARIOS } from './demo/demo-scenarios';

/** Waits the demo can sit through: a bank transfer's deadline of seconds, not days. */
const DEMO_TIMINGS = {
  PAYMENT_DEADLINE_BANK_TRANSFER: '15s',
  PAYMENT_DEADLINE_WALLET: '2 minutes',
  LOG_LEVEL: 'warn',
};

async function main() {
  const log = (line: string) => console.log(line);
  log('Starting the system (npm start, in a data folder of its own)…');
  // On free ports, tried again on new ones if another process takes one first.
  const stack = await runNpmStartUntilUp('Checkout saga is up', DEMO_TIMINGS, 300_000);
  const ports = stack.env;
  const stopStack = async () => {
    stack.npm.kill('SIGTERM');
    await stack.exited;
  };
  process.once('SIGINT', () => void stopStack().then(() => process.exit(130)));
  try {
    const config = loadConfig({ ...process.env, ...ports });
    const credentials = await loadApiCredentials(config);
    const callers = createSandboxCallers({
      signingKey: credentials.signingKey!,
      audience: { issuer: config.auth.issuer, audience: config.auth.audience },
      webhookSenders: credentials.webhookSenders,
    });
    const api = createDemoClient(`http://127.0.0.1:${ports.API_PORT}`, callers);
    const db = createDb(embeddedPostgresUrl(Number(ports.EMBEDDED_POSTGRES_PORT), 'checkout'), {
      min: 0,
      max: 2,
    });
    const orders: string[] = [];
    try {
      for (const [index, scenario] of DEMO_SCENARIOS.entries()) {
        log(`\n${index + 1}. ${scenario.title}`);
        orders.push(...(await scenario.run({ api, db, log })));
      }
      log('\nFinal state and money movements');
      for (const orderId of orders) await printOrderReport(api, orderId, log);
    } finally {
      await db.destroy();
    }
  } finally {
    await stopStack();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
