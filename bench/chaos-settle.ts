import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { checkoutWorkflowId } from '../src/temporal/workflow-ids';
import { FINAL, type OrderDriver, type OrderView } from './chaos-driver';

/** An order that did not settle in time: its row status and its run's status. */
export interface UnsettledOrder {
  orderId: string;
  status: string;
  run: string;
}

/** How the wait for every order to settle went. */
export interface SettleOutcome {
  settled: boolean;
  waitedMs: number;
  /** Orders whose parcels the driver had not moved (a wait it gave up), moved now so they can end. */
  nudged: number;
  unsettled: UnsettledOrder[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const orderOf = (workflowId: string) => workflowId.replace(/^checkout-/, '');

async function runningCheckouts(client: Client): Promise<Set<string>> {
  const running = new Set<string>();
  const query = "WorkflowType = 'checkout' AND ExecutionStatus = 'Running'";
  for await (const run of client.workflow.list({ query })) running.add(orderOf(run.workflowId));
  return running;
}

/**
 * Waits, up to `timeoutMs`, until every order is final with its run closed, except those left waiting on
 * purpose (their parcel never moves). Orders the driver gave up on while they waited for the carrier are
 * moved along once, like a carrier that catches up; an order stuck anywhere else stays unsettled.
 */
export async function settle(
  env: { db: Knex; client: Client; drivers: OrderDriver[]; log: (line: string) => void },
  timeoutMs: number,
): Promise<SettleOutcome> {
  const started = Date.now();
  const nudged = new Set<string>();
  const expected = env.drivers.filter((d) => d.orderId && !d.leftWaiting);
  const byId = new Map(expected.map((d) => [d.orderId, d]));
  let unsettled: { orderId: string; status: string; running: boolean }[] = [];
  for (;;) {
    const rows: { id: string; status: string }[] = await env
      .db('orders')
      .whereIn('id', [...byId.keys()])
      .select('id', 'status');
    const running = await runningCheckouts(env.client);
    unsettled = rows
      .filter((row) => !FINAL.includes(row.status) || running.has(row.id))
      .map((row) => ({ orderId: row.id, status: row.status, running: running.has(row.id) }));
    // A run that closed with its order not final will never move again: waiting for it is pointless.
    const hopeless = unsettled.filter((order) => !order.running && !FINAL.includes(order.status));
    if (unsettled.length === hopeless.length || Date.now() - started > timeoutMs) break;
    for (const order of unsettled) {
      if (nudged.has(order.orderId) || !order.running || !['shipped', 'delivered'].includes(order.status))
        continue;
      const driver = byId.get(order.orderId)!;
      if (!driver.notes.some((note) => note.startsWith('gave up'))) continue;
      nudged.add(order.orderId);
      env.log(`moving the parcels of ${order.orderId} (${order.status}), which the driver gave up on`);
      const view = (await driver.view()) as OrderView;
      await driver.moveParcels(view, 'outbound', 'delivered');
      await driver.moveParcels(view, 'return', 'delivered');
    }
    await sleep(1_000);
  }
  const described = await Promise.all(
    unsettled.map(async (order) => {
      const run = await env.client.workflow
        .getHandle(checkoutWorkflowId(order.orderId))
        .describe()
        .then((d) => d.status.name as string)
        .catch((error: Error) => `unknown (${error.message})`);
      return { orderId: order.orderId, status: order.status, run };
    }),
  );
  return {
    settled: described.length === 0,
    waitedMs: Date.now() - started,
    nudged: nudged.size,
    unsettled: described,
  };
}
