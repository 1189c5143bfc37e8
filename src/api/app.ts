import express, { type Express } from 'express';
import { authenticate } from '../auth/authenticate';
import { appMetrics } from '../observability/app-metrics';
import { metricsEndpoint, observeHttp } from '../observability/http-observability';
import { createLogger } from '../observability/logger';
import type { ApiDeps } from './deps';
import { errorHandler } from './http-errors';
import { buildOpenApiDocument } from './openapi';
import { auditRouter } from './routes/audit.routes';
import { catalogRouter } from './routes/catalog.routes';
import { customersRouter } from './routes/customers.routes';
import { ordersRouter } from './routes/orders.routes';
import { webhooksRouter } from './routes/webhooks.routes';

/** The HTTP API, without `listen`: the CLI binds it to a port, tests to port 0. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const metrics = appMetrics();
  app.use(observeHttp(deps.logger ?? createLogger('api'), metrics));
  app.get('/metrics', metricsEndpoint(metrics));
  app.use(
    express.json({
      limit: '100kb',
      // Webhook signatures are over the exact bytes received.
      verify: (req, _res, buf) => {
        (req as typeof req & { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );
  app.use(authenticate(deps.tokens));

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
  app.use('/v1/customers', customersRouter(deps));
  app.use('/v1/audit', auditRouter(deps));
  app.use('/v1', catalogRouter(deps));
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `no route ${req.method} ${req.path}` });
  });
  app.use(errorHandler);
  return app;
}
