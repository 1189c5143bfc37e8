import type { Logger } from '@temporalio/common';
import { appMetrics } from './app-metrics';
import { serveMetrics } from './metrics-server';
import { installSdkRuntime } from './sdk-runtime';

/**
 * A worker process's telemetry: the SDK runtime (its logger, its Prometheus series) and, when a port is
 * given, one `/metrics` serving the SDK's series and the app's. Call before any connection to Temporal.
 */
export async function installWorkerTelemetry(options: {
  logger?: Logger;
  host: string;
  port: number | undefined;
}): Promise<{ port: number | undefined; close(): Promise<void> }> {
  const sdk = await installSdkRuntime(options.logger);
  if (options.port === undefined) return { port: undefined, close: async () => undefined };
  const app = appMetrics().registry;
  return serveMetrics(options.host, options.port, [sdk, () => app.metrics()]);
}
