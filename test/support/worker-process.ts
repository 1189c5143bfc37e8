// A checkout worker in a process of its own, so that a test can kill it outright (SIGKILL) mid-saga. With
// `--telemetry`, it has the worker CLI's telemetry instead of a quiet runtime: the SDK runtime with its
// Prometheus exporter and one /metrics for the SDK's and the app's series, whose port it prints.
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../../src/db/knex';
import { installWorkerTelemetry } from '../../src/observability/worker-telemetry';
import { createCheckoutWorker } from '../../src/worker/create-worker';
import { installQuietRuntime } from './quiet-runtime';
import { testEnv } from './test-env';
import { testPayloadEncryption } from './payload-encryption';

async function main() {
  const telemetry = process.argv.includes('--telemetry')
    ? await installWorkerTelemetry({ host: '127.0.0.1', port: 0 })
    : undefined;
  if (!telemetry) installQuietRuntime();
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
  process.stdout.write(telemetry ? `worker ready, metrics on ${telemetry.port}\n` : 'worker ready\n');
  await running;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
