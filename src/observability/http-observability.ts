import { randomUUID } from 'node:crypto';
import { context, SpanKind, trace } from '@opentelemetry/api';
import type { Request, RequestHandler, Response } from 'express';
import type { AppMetrics } from './app-metrics';
import { orderFields, type Logger } from './logger';

// Order ids are UUIDs; a request's path or its answer names the order it is about.
const ORDER_PATH = /^\/v1\/orders\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
const REQUEST_ID = /^[\w.:-]{1,100}$/;
const tracer = trace.getTracer('checkout-api');

/**
 * The route's template (`/v1/orders/:id/receipt`), so that the metric's labels stay few; `unmatched` for
 * 404s. A router's mount path is gone once an error handler answers, so it is read off the request's own
 * path: the segments before those the route's template covers.
 */
function routeOf(req: Request): string {
  const template = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof template !== 'string') return 'unmatched';
  const own = template.split('/').filter(Boolean);
  const segments = req.originalUrl.split('?')[0]!.split('/').filter(Boolean);
  return `/${[...segments.slice(0, Math.max(segments.length - own.length, 0)), ...own].join('/')}`;
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
    // The request's span (a no-op unless tracing is on) is the parent of the workflow it starts or signals.
    const span = tracer.startSpan(`HTTP ${req.method}`, { kind: SpanKind.SERVER });
    res.on('finish', () => {
      const route = routeOf(req);
      const seconds = (performance.now() - started) / 1000;
      const status = String(res.statusCode);
      metrics.httpDuration.observe({ method: req.method, route, status }, seconds);
      const orderId = answeredOrder ?? ORDER_PATH.exec(req.originalUrl)?.[1];
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode, requestId });
      if (orderId) span.setAttribute('order.id', orderId);
      span.end();
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
    context.with(trace.setSpan(context.active(), span), next);
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
