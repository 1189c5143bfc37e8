import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AppMetrics } from './app-metrics';
import { orderFields, type Logger } from './logger';

// Order ids are UUIDs; a request's path or its answer names the order it is about.
const ORDER_PATH = /^\/v1\/orders\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The route's template (`/v1/orders/:id`), so that the metric's labels stay few; `unmatched` for 404s. */
function routeOf(req: Request, baseUrl: string): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  // A router's own root (`/`) names the router's path: `/v1/orders`, not `/v1/orders/`.
  return typeof path === 'string' ? `${baseUrl}${path}`.replace(/(.)\/$/, '$1') : 'unmatched';
}

/**
 * Times every request into the HTTP histogram (by method, route and status) and writes one JSON line per
 * request with its request id (the caller's `X-Request-Id`, or a new one, echoed back) and, when the
 * request is about an order, the order id and workflow id. Handlers log through `res.locals.log`.
 */
export function observeHttp(logger: Logger, metrics: AppMetrics): RequestHandler {
  return (req, res: Response, next) => {
    const given = req.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    let answeredOrder: string | undefined;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const orderId = (body as { orderId?: unknown } | null)?.orderId;
      if (typeof orderId === 'string') answeredOrder = orderId;
      return json(body);
    };
    res.locals.log = logger.child({ requestId });
    // A router's req.baseUrl holds only while it handles the request: read the route as the answer ends.
    let route = 'unmatched';
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      route = routeOf(req, req.baseUrl);
      return end(...args);
    }) as Response['end'];
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const status = String(res.statusCode);
      metrics.httpDuration.observe({ method: req.method, route, status }, seconds);
      const orderId = answeredOrder ?? ORDER_PATH.exec(req.originalUrl)?.[1];
      (res.locals.log as Logger).info(
        {
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
          ...orderFields(orderId),
        },
        'request',
      );
    });
    next();
  };
}

/** `GET /metrics`: this process's registry in Prometheus text format. */
export function metricsEndpoint(metrics: AppMetrics): RequestHandler {
  return (_req, res, next) => {
    metrics.registry
      .metrics()
      .then((text) => res.type(metrics.registry.contentType).send(text))
      .catch(next);
  };
}
