import path from 'node:path';
import { ensureDemoCredentials } from '../auth/demo-credentials';
import { codecPlaces } from '../codec/codec-places';
import { loadConfig } from '../config';
import { startDatabase, startTemporal, type TemporalParts } from './bootstrap';
import { startClusterTemporal, startWorkerProcesses } from './cluster-mode';
import { runMain } from './run-main';
import { startApi, startWorker } from './start-parts';

// `npm start`: PostgreSQL, Temporal and its UI, migrations and seed data, the worker and the API, in one process.
// `npm start -- --cluster` (or CLUSTER_MODE=true): the Temporal server on PostgreSQL and N worker processes.
runMain(async (stops) => {
  const config = loadConfig();
  const clusterMode = config.cluster.enabled || process.argv.includes('--cluster');
  console.log('Starting PostgreSQL…');
  const { db, url: databaseUrl, where: dbWhere } = await startDatabase(config, stops);
  let temporal: TemporalParts;
  let workers = 'one, in this process';
  let temporalLog: string | undefined;
  if (clusterMode) {
    console.log('Starting the Temporal server on PostgreSQL (cluster mode)…');
    const cluster = await startClusterTemporal(config, databaseUrl, stops);
    temporalLog = cluster.logFile;
    const address = { ...config.temporal, address: cluster.address, uiUrl: cluster.uiUrl };
    temporal = await startTemporal({ ...config, temporal: address }, stops, db);
    console.log(`Starting ${config.cluster.workers} worker processes (bundling workflows)…`);
    const pids = await startWorkerProcesses(
      config.cluster.workers,
      { TEMPORAL_ADDRESS: cluster.address, DATABASE_URL: databaseUrl },
      stops,
    );
    workers = `${pids.length} processes (pids ${pids.join(', ')}; CLUSTER_WORKERS)`;
  } else {
    console.log('Starting Temporal…');
    temporal = await startTemporal(config, stops, db);
    console.log('Starting the worker (bundling workflows)…');
    await startWorker(config, db, temporal, stops);
  }
  const { url: api, credentials } = await startApi(config, db, temporal, stops);
  const demo = credentials.signingKey
    ? await ensureDemoCredentials(
        config.dataDir,
        credentials.signingKey,
        config.auth,
        credentials.webhookSenders,
      )
    : undefined;
  console.log(
    [
      '',
      'Checkout saga is up:',
      `  API          ${api}  (OpenAPI: ${api}/openapi.json, readiness: ${api}/readyz)`,
      `  Temporal     ${temporal.address}  namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue}`,
      `  Temporal UI  ${temporal.uiUrl ?? "(none: use the Temporal CLI, or the external cluster's own UI)"}`,
      ...(temporalLog ? [`  Temporal log ${temporalLog}  (cluster mode: server v1.29.1 on PostgreSQL)`] : []),
      `  Workers      ${workers}`,
      `  Codec login  ${codecPlaces(config).loginUrl}  (support staff: log in here to see payloads decoded in the UI)`,
      `  PostgreSQL   ${dbWhere}`,
      '',
      ...(demo
        ? demoUsage(api, demo.file)
        : ['Tokens come from your identity provider (AUTH_JWKS_URL).', '']),
      'Press Ctrl-C to stop everything.',
    ].join('\n'),
  );
});

/** How to call the API with the demo credentials (the README's examples use the same). */
function demoUsage(api: string, file: string): string[] {
  const relative = path.relative(process.cwd(), file);
  return [
    `Demo credentials (customer cus-alice, support, admin; renewed each start): ${relative}`,
    'Try:',
    `  CUSTOMER=$(node -p "require('./${relative}').tokens.customer.token")`,
    `  curl -s -H "Authorization: Bearer $CUSTOMER" ${api}/v1/products`,
    `  Other roles: .tokens.support.token, .tokens.admin.token; any customer: npm run -s token -- customer <id>`,
    "  Signed carrier webhooks: npm run -s webhook:sign -- sandbox-carrier '<json body>'",
    '',
  ];
}
