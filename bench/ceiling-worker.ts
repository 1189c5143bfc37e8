import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import { installWorkerTelemetry } from '../src/observability/worker-telemetry';
import { workerTuning } from '../src/worker/worker-tuning';
import { CEILING_TASK_QUEUE, type CeilingActivities } from './ceiling.workflow';

// The benchmark's bare-workflow worker: its own process, with the checkout worker's settings (config.worker).
async function main() {
  const config = loadConfig();
  await installWorkerTelemetry({ host: '127.0.0.1', port: config.worker.metricsPort });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const activities: CeilingActivities = { noop: async () => undefined };
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: CEILING_TASK_QUEUE,
    workflowsPath: require.resolve('./ceiling.workflow'),
    activities,
    ...workerTuning(config.worker),
  });
  console.log(`Ceiling worker polling ${CEILING_TASK_QUEUE}`);
  await worker.run();
  await connection.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
