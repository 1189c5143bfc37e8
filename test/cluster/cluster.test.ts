import { execFile, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createAuditor } from '../../src/audit';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { freePort } from '../../src/temporal/dev-server';
import { defaultToolsDir, findTemporalCli } from '../../src/temporal/temporal-cli';
import { resolveTemporalUi, startTemporalUi } from '../../src/temporal/temporal-ui';
import { createTestSku, moneyMoved } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, deliverParcels, eventually, orderWithStatus, placeOrder } from '../support/http';
import { startWorkerProcess } from '../support/worker-processes';
import { expectAuditorGreen } from '../ops/backup-scenario';
import { startTestCluster, type TestCluster } from './test-cluster';

// Cluster mode: the Temporal server built from go.temporal.io/server, on PostgreSQL, with worker processes.
const ROOT = path.resolve(__dirname, '../..');
const SUITE_DIR = path.join(ROOT, 'data', 'test', 'cluster-suite');
let cluster: TestCluster;
let h: Harness;
const children: ChildProcess[] = [];
let workers: ChildProcess[] = [];

beforeAll(async () => {
  cluster = await startTestCluster('suite');
  h = await startHarness({ withWorker: false, temporalAddress: cluster.address });
  workers = await Promise.all([1, 2].map(() => startWorkerProcess(h.taskQueue, children, cluster.address)));
  // The first `go install` of the server takes several minutes on two cores; later runs find it built.
}, 20 * 60_000);
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await h?.stop();
  await cluster?.stop();
}, 60_000);

/** Takes a shipped order through delivery and receipt to `completed`. */
async function complete(orderId: string) {
  const shipped = await orderWithStatus(h, orderId, 'shipped', 90_000);
  await deliverParcels(h, shipped);
  await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
  return orderWithStatus(h, orderId, 'completed', 60_000);
}

/** The pids of the worker processes that started any activity of the order's run (identity `pid@host`). */
async function activityWorkerPids(orderId: string): Promise<number[]> {
  const history = await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).fetchHistory();
  return (history.events ?? [])
    .map((event) => event.activityTaskStartedEventAttributes?.identity)
    .filter((identity): identity is string => !!identity)
    .map((identity) => Number(identity.split('@')[0]));
}

test('when two worker processes poll one task queue, then both take work and every order completes', async () => {
  const orderIds = await Promise.all(Array.from({ length: 6 }, () => placeOrder(h)));
  const completed = await Promise.all(orderIds.map(complete));

  expect(completed.map((order) => order.status)).toEqual(Array(6).fill('completed'));
  const pids = new Set((await Promise.all(orderIds.map(activityWorkerPids))).flat());
  expect([...pids].sort()).toEqual(workers.map((worker) => worker.pid).sort());
}, 240_000);

test('when one of two workers is SIGKILLed mid-saga, then the other finishes every order, each captured once', async () => {
  // tok_flaky fails twice before succeeding, which keeps the sagas inside their authorization step for seconds.
  const orderIds = await Promise.all(
    Array.from({ length: 4 }, () => placeOrder(h, { payment: { method: 'card', token: 'tok_flaky' } })),
  );
  await eventually(
    () =>
      h.db('sandbox_payment_operations').whereIn(
        'idempotency_key',
        orderIds.map((id) => `${id}:auth:1`),
      ),
    (attempts) => attempts.length >= 1,
  );
  const [killed, survivor] = workers;
  killed!.kill('SIGKILL');
  await new Promise((resolve) => killed!.once('exit', resolve));

  const completed = await Promise.all(orderIds.map(complete));

  for (const order of completed)
    expect(await moneyMoved(h.db, order.orderId)).toEqual({
      charged: order.amounts.totalMinor,
      charges: 1,
      refunded: 0,
    });
  // Every order's final steps ran on the survivor.
  for (const orderId of orderIds) expect(await activityWorkerPids(orderId)).toContain(survivor!.pid);
  workers = [survivor!, await startWorkerProcess(h.taskQueue, children, cluster.address)];
}, 240_000);

test('when the Temporal server restarts mid-saga, then every order completes and the auditor is green', async () => {
  const auditor = createAuditor({ db: h.db, temporal: h.client });
  const sku = await createTestSku(h.db, { 'wh-newark': 20 });
  const snapshot = await auditor.snapshotInventory([sku]);
  const orderIds = await Promise.all(
    Array.from({ length: 4 }, () =>
      placeOrder(h, { lines: [{ sku, quantity: 2 }], payment: { method: 'card', token: 'tok_flaky' } }),
    ),
  );
  await eventually(
    () => h.db('orders').whereIn('id', orderIds).whereNot({ status: 'pending' }),
    (moved) => moved.length >= 1,
  );

  await cluster.restart();
  await Promise.all(orderIds.map(complete));
  await Promise.all(orderIds.map((id) => h.client.workflow.getHandle(checkoutWorkflowId(id)).result()));
  const report = await auditor.audit({ orderIds, skus: [sku], snapshot });

  expectAuditorGreen(report);
}, 300_000);

test('when an order is placed on the cluster, then the CLI finds it by each search attribute', async () => {
  // A short delivery SLA flags the undelivered order, which sets NeedsAttention.
  const flagging = await startHarness({
    withWorker: false,
    temporalAddress: cluster.address,
    timeouts: { deliverySlaMs: 1_000 },
  });
  try {
    await startWorkerProcess(flagging.taskQueue, children, cluster.address);
    const priceMinor = 1000 + Math.floor(Math.random() * 1_000_000);
    const sku = await createTestSku(h.db, { 'wh-reno': 3 }, priceMinor);
    const orderId = await placeOrder(flagging, { lines: [{ sku, quantity: 1 }] });
    const flagged = await eventually(
      async () => (await api(h, 'GET', `/v1/orders/${orderId}`)).body,
      (order) => order?.status === 'shipped' && !!order.needsAttention,
      60_000,
    );
    const cli = findTemporalCli(defaultToolsDir(ROOT))!;
    const list = async (query: string): Promise<string[]> => {
      const { stdout } = await promisify(execFile)(cli, [
        'workflow',
        'list',
        '--address',
        cluster.address,
        '--namespace',
        'default',
        '--query',
        query,
        '--output',
        'json',
      ]);
      return (JSON.parse(stdout || '[]') as { execution: { workflowId: string } }[]).map(
        (run) => run.execution.workflowId,
      );
    };
    const queries = [
      `OrderId = '${orderId}'`,
      `CustomerId = '${flagged.customerId}'`,
      `OrderStatus = 'shipped' AND Sku = '${sku}'`,
      `OrderTotal = ${flagged.amounts.totalMinor}`,
      `Currency = 'USD' AND Sku = '${sku}'`,
      `Sku = '${sku}'`,
      `NeedsAttention IS NOT NULL AND Sku = '${sku}'`,
    ];
    for (const query of queries) {
      const found = await eventually(
        () => list(query),
        (ids) => ids.includes(checkoutWorkflowId(orderId)),
      );
      expect({ query, found: found.includes(checkoutWorkflowId(orderId)) }).toEqual({ query, found: true });
    }
    // A query that names another value finds nothing of ours.
    expect(await list(`Sku = '${sku}-other'`)).toEqual([]);
  } finally {
    await flagging.stop();
  }
}, 180_000);

test(
  'when the UI server is started against the cluster, then it lists the cluster runs and points at the codec server',
  async () => {
    const orderId = await placeOrder(h);
    const ui = await startTemporalUi({
      binary: await resolveTemporalUi(defaultToolsDir(ROOT), (line) => process.stdout.write(`${line}\n`)),
      temporalAddress: cluster.address,
      port: await freePort(),
      namespace: 'default',
      codecEndpoint: 'http://localhost:3999/codec',
      pidFile: path.join(SUITE_DIR, 'temporal-ui.pid'),
      logFile: path.join(SUITE_DIR, 'temporal-ui.log'),
    });
    try {
      const settings = (await (await fetch(`${ui.url}/api/v1/settings`)).json()) as {
        Codec: { Endpoint: string };
      };
      expect(settings.Codec.Endpoint).toBe('http://localhost:3999/codec');
      const listed = await eventually(
        async () => {
          const query = encodeURIComponent(`OrderId = '${orderId}'`);
          const response = await fetch(`${ui.url}/api/v1/namespaces/default/workflows?query=${query}`);
          const body = (await response.json()) as { executions?: { execution: { workflowId: string } }[] };
          return body.executions ?? [];
        },
        (runs) => runs.length > 0,
      );
      expect(listed.map((run) => run.execution.workflowId)).toEqual([checkoutWorkflowId(orderId)]);
    } finally {
      await ui.stop();
    }
  },
  20 * 60_000,
);
