import type { Logger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import { freePort } from '../temporal/dev-server';

/** The SDK's own metrics (task latencies, slots, polls), as Prometheus text. */
export type MetricsSource = () => Promise<string>;

// The SDK's default buckets jump from 100 ms to 500 ms to 1 s: too coarse to read a queue's latency.
// Names are given without the `temporal_` prefix, which the SDK adds.
const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 300, 500, 750, 1000, 2000, 5000, 10_000, 30_000];
const FINE_GRAINED = [
  'workflow_task_schedule_to_start_latency',
  'activity_schedule_to_start_latency',
  'workflow_endtoend_latency',
  'activity_execution_latency',
];

/**
 * Installs the Temporal SDK runtime with its Prometheus exporter on a private loopback port, and returns a
 * scraper for it, so the process can serve those series beside its own on one `/metrics`. Must run before
 * the first connection to Temporal is made.
 */
export async function installSdkRuntime(logger?: Logger): Promise<MetricsSource> {
  const port = await freePort();
  const buckets = Object.fromEntries(FINE_GRAINED.map((name) => [name, LATENCY_BUCKETS_MS]));
  Runtime.install({
    ...(logger ? { logger } : {}),
    telemetryOptions: {
      metrics: { prometheus: { bindAddress: `127.0.0.1:${port}`, histogramBucketOverrides: buckets } },
    },
  });
  return async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    return response.text();
  };
}
