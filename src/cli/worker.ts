import { loadConfig } from '../config';
import { serveMetrics } from '../observability/metrics-server';
import { installSdkRuntime } from '../observability/sdk-runtime';
import { startDatabase, startTemporal } from './bootstrap';
import { runMain } from './run-main';
import { startWorker } from './start-parts';

// `npm run worker`: a worker process alone (scale out by running several), e.g. in docker-compose.
runMain(async (stops) => {
  const config = loadConfig();
  // Before any connection: the SDK runtime is installed once per process.
  const sdkMetrics = await installSdkRuntime();
  if (config.worker.metricsPort) {
    const metrics = await serveMetrics(config.api.host, config.worker.metricsPort, [sdkMetrics]);
    stops.push(metrics.close);
  }
  const { db } = await startDatabase(config, stops, { migrate: false });
  const temporal = await startTemporal(config, stops, db);
  await startWorker(config, db, temporal, stops);
  console.log(`Worker polling ${config.temporal.taskQueue} on ${temporal.address}`);
});
