// Records workflow histories of the main saga paths into test/replay/histories, for the replay test.
// `npm run replay:record -- <version>` writes <version>-<path>.json. Record the current code before changing
// workflow code, and keep every version's histories: each must go on replaying.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import globalSetup from '../test/support/global-setup';
import globalTeardown from '../test/support/global-teardown';
import { startHarness, type Harness } from '../test/support/harness';
import { api, eventually, orderWithStatus, placeOrder } from '../test/support/http';
import { defaultToolsDir, resolveTemporalCli } from '../src/temporal/temporal-cli';
import { checkoutWorkflowId } from '../src/temporal/workflow-ids';
import { testEnv } from '../test/support/test-env';

const OUT = path.resolve(__dirname, '../test/replay/histories');
const VERSION = process.argv[2];

async function deliver(h: Harness, orderId: string) {
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  for (const status of ['in_transit', 'delivered']) {
    await api(h, 'POST', '/v1/webhooks/carrier', {
      trackingNumber: shipped.shipments[0].trackingNumber,
      status,
    });
  }
}

const SCENARIOS: Record<string, (h: Harness) => Promise<string>> = {
  async 'completed-with-refund'(h) {
    const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_flaky' } });
    await deliver(h, orderId);
    await orderWithStatus(h, orderId, 'delivered');
    await api(h, 'POST', `/v1/orders/${orderId}/refunds`, { amountMinor: 500, reason: 'scratch' });
    await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
    return orderId;
  },
  async 'cancelled-before-dispatch'(h) {
    const orderId = await placeOrder(h);
    await orderWithStatus(h, orderId, 'shipped');
    await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' });
    return orderId;
  },
  async 'returned-after-delivery'(h) {
    const orderId = await placeOrder(h);
    await deliver(h, orderId);
    await orderWithStatus(h, orderId, 'delivered');
    await api(h, 'POST', `/v1/orders/${orderId}/cancel`, { reason: 'return' });
    const returning = await eventually(
      async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
      (order) => order.shipments.some((s: { kind: string }) => s.kind === 'return'),
    );
    const label = returning.shipments.find((s: { kind: string }) => s.kind === 'return');
    await api(h, 'POST', '/v1/webhooks/carrier', {
      trackingNumber: label.trackingNumber,
      status: 'delivered',
    });
    return orderId;
  },
  async 'reviewed-then-approved'(h) {
    const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_riskLevelElevated' } });
    await orderWithStatus(h, orderId, 'in_review');
    await api(h, 'POST', `/v1/orders/${orderId}/review`, { decision: 'approve', reviewer: 'sam' });
    await deliver(h, orderId);
    return orderId;
  },
  async declined(h) {
    return placeOrder(h, { payment: { method: 'card', token: 'tok_chargeDeclined' } });
  },
};

async function main() {
  if (!VERSION || !/^[\w.-]+$/.test(VERSION))
    throw new Error('usage: npm run replay:record -- <version label, e.g. v2>');
  await globalSetup();
  const h = await startHarness();
  const cli = await resolveTemporalCli(defaultToolsDir(path.resolve(__dirname, '..')));
  try {
    fs.mkdirSync(OUT, { recursive: true });
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      const orderId = await scenario(h);
      const handle = h.client.workflow.getHandle(checkoutWorkflowId(orderId));
      await handle.result().catch(() => undefined);
      // The CLI writes the canonical JSON the Temporal UI also downloads.
      const json = execFileSync(
        cli,
        [
          'workflow',
          'show',
          '--address',
          testEnv('temporalAddress'),
          '-w',
          handle.workflowId,
          '--output',
          'json',
        ],
        {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      fs.writeFileSync(path.join(OUT, `${VERSION}-${name}.json`), json);
      console.log(`recorded ${name} (${JSON.parse(json).events.length} events)`);
    }
  } finally {
    await h.stop();
    await globalTeardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
