import { codecPlaces } from '../codec/codec-places';
import { loadConfig } from '../config';
import { startDatabase, startTemporal } from './bootstrap';
import { runMain } from './run-main';
import { startApi, startWorker } from './start-parts';

// `npm start`: PostgreSQL, Temporal and its UI, migrations and seed data, the worker and the API, in one process.
runMain(async (stops) => {
  const config = loadConfig();
  console.log('Starting PostgreSQL…');
  const { db, where: dbWhere } = await startDatabase(config, stops);
  console.log('Starting Temporal…');
  const temporal = await startTemporal(config, stops);
  console.log('Starting the worker (bundling workflows)…');
  await startWorker(config, db, temporal, stops);
  const api = await startApi(config, db, temporal.client, stops);
  console.log(
    [
      '',
      'Checkout saga is up:',
      `  API          ${api}  (OpenAPI: ${api}/openapi.json, health: ${api}/healthz)`,
      `  Temporal     ${temporal.address}  namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue}`,
      `  Temporal UI  ${temporal.uiUrl ?? '(external cluster: open its own UI)'}`,
      `  Codec login  ${codecPlaces(config).loginUrl}  (support staff: log in here to see payloads decoded in the UI)`,
      `  PostgreSQL   ${dbWhere}`,
      '',
      'Try:',
      `  curl -s ${api}/v1/products`,
      '',
      'Press Ctrl-C to stop everything.',
    ].join('\n'),
  );
});
