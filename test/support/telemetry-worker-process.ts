// A checkout worker in a process of its own with the worker CLI's telemetry: the SDK runtime with its
// Prometheus exporter and one /metrics for the SDK's and the app's series (a test process has its runtime).
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../../src/db/knex';
import { installWorkerTelemetry } from '../../src/observability/worker-telemetry';
import { createCheckoutWorker } from '../../src/worker/create-worker';
import { testEnv } from './test-env';
import { testPayloadEncryption } from './payload-encryption';

async function main() {
  const telemetry = await installWorkerTelemetry({ host: '127.0.0.1', port: 0 });
  const db = createDb(testEnv('databaseUrl'));
  const connection = await Connection.connect({ address: testEnv('temporalAddress') });
  const { dataConverter } = await testPayloadEncryption(db);
  const { worker } = await createCheckoutWorker({
    address: testEnv('temporalAddress'),
    namespace: 'default',
    taskQueue: process.argv[2]!,
    db,
    client: new Client({ connection, dataConverter }),
    costPerKmPerUnit: 0.1,
    workflowBundle: { codePath: testEnv('workflowBundle') },
    dataConverter,
  });
  const running = worker.run();
  process.stdout.write(`worker ready, metrics on ${telemetry.port}\n`);
  await running;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
