import { loadConfig } from '../config';
import { startTracing } from '../observability/tracing';
import { startDatabase, startTemporal } from './bootstrap';
import { runMain } from './run-main';
import { startApi } from './start-parts';

// `npm run api`: the HTTP API alone (run several behind a load balancer), e.g. in docker-compose.
runMain(async (stops) => {
  const config = loadConfig();
  const tracing = startTracing(config.tracing, 'checkout-api');
  if (tracing) stops.push(tracing.shutdown);
  const { db } = await startDatabase(config, stops, { migrate: false });
  const temporal = await startTemporal(config, stops, db, { interceptors: tracing?.clientInterceptors });
  const { url } = await startApi(config, db, temporal, stops);
  console.log(`API listening on ${url}`);
});
