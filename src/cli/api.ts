import { loadConfig } from '../config';
import { startDatabase, startTemporal } from './bootstrap';
import { runMain } from './run-main';
import { startApi } from './start-parts';

// `npm run api`: the HTTP API alone (run several behind a load balancer), e.g. in docker-compose.
runMain(async (stops) => {
  const config = loadConfig();
  const { db } = await startDatabase(config, stops, { migrate: false });
  const temporal = await startTemporal(config, stops, db);
  const { url } = await startApi(config, db, temporal, stops);
  console.log(`API listening on ${url}`);
});
