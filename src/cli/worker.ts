import { loadConfig } from '../config';
import { startDatabase, startTemporal } from './bootstrap';
import { runMain } from './run-main';
import { startWorker } from './start-parts';

// `npm run worker`: a worker process alone (scale out by running several), e.g. in docker-compose.
runMain(async (stops) => {
  const config = loadConfig();
  const { db } = await startDatabase(config, stops, { migrate: false });
  const temporal = await startTemporal(config, stops, db);
  await startWorker(config, db, temporal, stops);
  console.log(`Worker polling ${config.temporal.taskQueue} on ${temporal.address}`);
});
