import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createLogger } from '../../src/observability/logger';
import { createTestSku } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { orderWithStatus, placeOrder } from '../support/http';

const ROOT = path.resolve(__dirname, '../..');
let h: Harness;
let worker: ChildProcess;
let workerMetricsPort: number;
const apiLines: Record<string, unknown>[] = [];

/** Starts a worker process with the worker CLI's telemetry; resolves with its metrics port once it polls. */
function startTelemetryWorker(taskQueue: string): Promise<number> {
  worker = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, '../support/worker-process.ts'), taskQueue, '--telemetry'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let seen = '';
    worker.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const ready = /worker ready, metrics on (\d+)/.exec(seen);
      if (ready) resolve(Number(ready[1]));
    });
    worker.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
}

const metricsText = async (url: string) => (await fetch(url)).text();

let declinedId: string;
let shippedId: string;

beforeAll(async () => {
  const logger = createLogger('api', 'info', {
    write: (line: string) => void apiLines.push(JSON.parse(line)),
  });
  h = await startHarness({ withWorker: false, logger });
  workerMetricsPort = await startTelemetryWorker(h.taskQueue);
  shippedId = await placeOrder(h);
  // Out of stock: the order fails at once (a declined card would wait for the customer to retry).
  const scarce = await createTestSku(h.db, { 'wh-reno': 1 });
  declinedId = await placeOrder(h, { lines: [{ sku: scarce, quantity: 2 }] });
  await orderWithStatus(h, shippedId, 'shipped', 60_000);
  await orderWithStatus(h, declinedId, 'failed', 60_000);
}, 120_000);

afterAll(async () => {
  worker?.kill('SIGKILL');
  await h?.stop();
});

test("when one checkout has shipped, then the worker's /metrics exposes the SDK's schedule-to-start latencies and the saga series", async () => {
  const text = await metricsText(`http://127.0.0.1:${workerMetricsPort}/metrics`);
  expect(text).toMatch(/^temporal_workflow_task_schedule_to_start_latency_bucket\{/m);
  expect(text).toMatch(/^temporal_activity_schedule_to_start_latency_bucket\{/m);
  expect(text).toMatch(/^checkout_saga_transitions_total\{status="shipped"\} [1-9]/m);
  expect(text).toMatch(/^checkout_saga_transitions_total\{status="failed"\} [1-9]/m);
  // The failed order released what it had reserved: one compensation ran.
  expect(text).toMatch(/^checkout_compensations_total\{outcome="completed"\} [1-9]/m);
  expect(text).toMatch(/^# TYPE checkout_refunds_total counter/m);
  expect(text).toMatch(/^# TYPE checkout_stock_alerts_total counter/m);
});

test("when an order was placed, then the API's /metrics exposes its request duration by route and status", async () => {
  const text = await metricsText(`${h.baseUrl}/metrics`);
  expect(text).toMatch(
    /^checkout_http_request_duration_seconds_count\{method="POST",route="\/v1\/orders",status="202"\} [1-9]/m,
  );
  expect(text).toMatch(/route="\/v1\/orders\/:id"/);
});

test('when an order is placed, then its request line carries the request id, the order id and the workflow id', () => {
  const placed = apiLines.find((line) => line.route === '/v1/orders' && line.orderId === shippedId);
  expect(placed).toMatchObject({
    part: 'api',
    method: 'POST',
    status: 202,
    orderId: shippedId,
    workflowId: `checkout-${shippedId}`,
  });
  expect(typeof placed!.requestId).toBe('string');
  // Reads of the order name it too, from the path.
  const read = apiLines.find((line) => line.route === '/v1/orders/:id' && line.orderId === declinedId);
  expect(read).toMatchObject({ method: 'GET', workflowId: `checkout-${declinedId}` });
});
