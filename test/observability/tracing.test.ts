import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Worker } from '@temporalio/worker';
import { startTracing, type Tracing } from '../../src/observability/tracing';
import { createCheckoutWorker } from '../../src/worker/create-worker';
import { startHarness, type Harness } from '../support/harness';
import { orderWithStatus, placeOrder } from '../support/http';
import { testPayloadEncryption } from '../support/payload-encryption';
import { testEnv } from '../support/test-env';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let h: Harness;
let worker: Worker;
let running: Promise<void>;
let close: () => Promise<void>;

beforeAll(async () => {
  tracing = startTracing({ exporter: 'console', otlpUrl: undefined }, 'checkout-test', exporter)!;
  h = await startHarness({ withWorker: false, clientInterceptors: tracing.clientInterceptors });
  // Bundled here, not the run's shared bundle: the tracing plugin adds its workflow interceptors to it.
  ({ worker, close } = await createCheckoutWorker({
    address: testEnv('temporalAddress'),
    namespace: 'default',
    taskQueue: h.taskQueue,
    db: h.db,
    client: h.client,
    costPerKmPerUnit: 0.1,
    dataConverter: (await testPayloadEncryption(h.db)).dataConverter,
    plugins: [tracing.workerPlugin],
  }));
  running = worker.run();
}, 180_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await close?.();
  await h?.stop();
  await tracing?.shutdown();
});

test('when tracing is on, then the workflow and its activities are in the trace of the API request that placed the order', async () => {
  const orderId = await placeOrder(h);
  await orderWithStatus(h, orderId, 'shipped', 60_000);
  await tracing.flush();
  const spans = exporter.getFinishedSpans();
  const request = spans.find(
    (span) => span.name === 'POST /v1/orders' && span.attributes['order.id'] === orderId,
  );
  expect(request).toBeDefined();
  const inTrace = spans.filter((span) => span.spanContext().traceId === request!.spanContext().traceId);
  const names = inTrace.map((span) => span.name);
  // StartActivity spans come from the workflow's own interceptors, RunActivity ones from the worker's; the
  // run's own span ends with the run, which stays open for delivery.
  expect(names).toEqual(
    expect.arrayContaining([
      'StartWorkflow:checkout',
      'StartActivity:reserveStock',
      'RunActivity:reserveStock',
      'RunActivity:authorizePayment',
    ]),
  );
}, 90_000);
