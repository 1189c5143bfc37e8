import express, { type Express } from 'express';
import { codecRouter } from '../codec/codec-server';
import type { ApiDeps } from './deps';
import { errorHandler } from './http-errors';
import { buildOpenApiDocument } from './openapi';
import { catalogRouter } from './routes/catalog.routes';
import { ordersRouter } from './routes/orders.routes';
import { webhooksRouter } from './routes/webhooks.routes';

/** The HTTP API, without `listen`: the CLI binds it to a port, tests to port 0. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Before the API's JSON parser: the codec takes larger bodies (whole payload batches) and its own CORS.
  if (deps.codecServer) app.use('/codec', codecRouter(deps.codecServer));
  app.use(express.json({ limit: '100kb' }));

  app.get('/healthz', async (_req, res) => {
    const checks = await Promise.allSettled([
      deps.db.raw('SELECT 1'),
      deps.temporal.connection.workflowService.getSystemInfo({}),
    ]);
    const [database, temporal] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'unavailable'));
    const ok = checks.every((c) => c.status === 'fulfilled');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal });
  });
  const openApi = buildOpenApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use('/v1/orders', ordersRouter(deps));
  app.use('/v1/webhooks', webhooksRouter(deps));
  app.use('/v1', catalogRouter(deps));
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `no route ${req.method} ${req.path}` });
  });
  app.use(errorHandler);
  return app;
}
