import path from 'node:path';
import { ensureDemoCredentials } from '../auth/demo-credentials';
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
  const temporal = await startTemporal(config, stops, db);
  console.log('Starting the worker (bundling workflows)…');
  await startWorker(config, db, temporal, stops);
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
      `  Temporal UI  ${temporal.uiUrl ?? '(external cluster: open its own UI)'}`,
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
