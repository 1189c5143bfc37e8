import { loadConfig } from '../config';
import { createLogger } from '../observability/logger';
import { sdkLoggerFor } from '../observability/sdk-logger';
import { startTracing } from '../observability/tracing';
import { installWorkerTelemetry } from '../observability/worker-telemetry';
import { startDatabase, startTemporal } from './bootstrap';
import { runMain } from './run-main';
import { startWorker } from './start-parts';

// `npm run worker`: a worker process alone (scale out by running several), e.g. in docker-compose.
runMain(async (stops) => {
  const config = loadConfig();
  // Before any connection: the SDK runtime is installed once per process.
  const telemetry = await installWorkerTelemetry({
    logger: sdkLoggerFor(createLogger('worker', config.logLevel)),
    host: config.api.host,
    port: config.worker.metricsPort,
  });
  stops.push(telemetry.close);
  const tracing = startTracing(config.tracing, 'checkout-worker');
  if (tracing) stops.push(tracing.shutdown);
  const { db } = await startDatabase(config, stops, { migrate: false });
  const temporal = await startTemporal(config, stops, db, { interceptors: tracing?.clientInterceptors });
  await startWorker(config, db, temporal, stops, tracing ? [tracing.workerPlugin] : undefined);
  console.log(`Worker polling ${config.temporal.taskQueue} on ${temporal.address}`);
});
