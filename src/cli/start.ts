import type { Server } from 'node:http';
import { createApp } from '../api/app';
import { ConfigError, loadConfig } from '../config';
import { createCheckoutWorker } from '../worker/create-worker';
import { startDatabase, startTemporal, stopAll, type Stop } from './bootstrap';

/** `npm start`: PostgreSQL, Temporal and its UI, migrations and seed data, the worker and the API. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  const stops: Stop[] = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down…`);
    await stopAll(stops);
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    console.log('Starting PostgreSQL…');
    const { db, where: dbWhere } = await startDatabase(config, stops);
    console.log('Starting Temporal…');
    const temporal = await startTemporal(config, stops);

    console.log('Starting the worker (bundling workflows)…');
    const { worker, close } = await createCheckoutWorker({
      address: temporal.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      db,
      costPerKmPerUnit: config.checkout.costPerKmPerUnit,
    });
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
      await close();
    });

    const server: Server = createApp({ db, temporal: temporal.client, config }).listen(config.api.port, config.api.host);
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const api = `http://${config.api.host}:${config.api.port}`;
    console.log(
      [
        '',
        'Checkout saga is up:',
        `  API          ${api}  (OpenAPI: ${api}/openapi.json, health: ${api}/healthz)`,
        `  Temporal     ${temporal.address}  namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue}`,
        `  Temporal UI  ${temporal.uiUrl ?? '(external cluster: see its own UI)'}`,
        `  PostgreSQL   ${dbWhere}`,
        '',
        'Press Ctrl-C to stop everything.',
      ].join('\n'),
    );
  } catch (error) {
    console.error(error);
    await stopAll(stops);
    process.exit(1);
  }
}

void main();
