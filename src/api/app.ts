import express, { type Express } from 'express';
import { authenticate } from '../auth/authenticate';
import { appMetrics } from '../observability/app-metrics';
import { metricsEndpoint, observeHttp } from '../observability/http-observability';
import { createLogger } from '../observability/logger';
import { codecRouter } from '../codec/codec-server';
import { createRateLimits } from '../auth/rate-limits';
import { DEFAULT_HTTP_CONFIG } from '../http-config';
import type { ApiDeps } from './deps';
import { errorHandler, notFound } from './http-errors';
import { jsonBody } from './json-body';
import { buildOpenApiDocument } from './openapi';
import { createReadiness } from './readiness';
import { requestTimeout } from './request-timeout';
import { auditRouter } from './routes/audit.routes';
import { cartsRouter } from './routes/carts.routes';
import { catalogRouter } from './routes/catalog.routes';
import { customersRouter } from './routes/customers.routes';
import { ordersRouter } from './routes/orders.routes';
import { orderChangesRouter } from './routes/order-changes.routes';
import { paymentRouter } from './routes/payment.routes';
import { probesRouter } from './routes/probes.routes';
import { refundApplicationsRouter } from './routes/refund-applications.routes';
import { webhooksRouter } from './routes/webhooks.routes';
import { securityHeaders } from './security-headers';

/** The HTTP API, without `listen`: the CLI binds it to a port, tests to port 0. */
export function createApp(deps: ApiDeps): Express {
  const http = deps.config.http ?? DEFAULT_HTTP_CONFIG;
  const limits = createRateLimits(deps.db, http.rateLimits);
  const app = express();
  app.disable('x-powered-by');
  const metrics = appMetrics();
  app.use(observeHttp(deps.logger ?? createLogger('api'), metrics));
  app.get('/metrics', metricsEndpoint(metrics));
  app.set('trust proxy', http.trustProxy);
  const [helmetHeaders, apiCors] = securityHeaders(http.corsOrigins);
  app.use(helmetHeaders!);
  // Before the API's CORS, parser and authentication: the codec server has its own CORS (the Temporal UI's
  // origin, with credentials), takes larger bodies (payload batches) and also reads its login cookie.
  if (deps.codecServer) app.use('/codec', codecRouter({ ...deps.codecServer, verifier: deps.tokens }));
  app.use(apiCors!);
  app.use(probesRouter(deps, deps.readiness ?? createReadiness()));
  app.use(requestTimeout(http.requestTimeoutMs));
  app.use(jsonBody());
  // An address that failed authentication too often is refused before its credential is looked at.
  app.use(limits.failedAuth.gate, authenticate(deps.tokens));

  const openApi = buildOpenApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  // After authenticate, so that orders are counted per credential as well as per IP.
  app.post('/v1/orders', limits.orders);
  app.use('/v1/orders', ordersRouter(deps), orderChangesRouter(deps));
  app.use('/v1/orders', refundApplicationsRouter(deps));
  app.use('/v1/orders', paymentRouter(deps));
  app.use('/v1/carts', cartsRouter(deps));
  app.use('/v1/webhooks', webhooksRouter(deps, limits.webhooks));
  app.use('/v1/customers', customersRouter(deps));
  app.use('/v1/audit', auditRouter(deps));
  app.use('/v1', catalogRouter(deps));
  app.use((req) => {
    throw notFound(`route ${req.method} ${req.path}`);
  });
  app.use(limits.failedAuth.countFailures, errorHandler);
  return app;
}
