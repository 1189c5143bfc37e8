import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The app's own Prometheus series, one registry per process: the API fills the HTTP histogram, the
 * worker's activities the saga, compensation, refund and stock-alert counters. Each process serves its
 * registry at `/metrics` (the worker beside the SDK's runtime series).
 */
export function createAppMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'checkout_http_request_duration_seconds',
      help: 'HTTP request durations by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    sagaTransitions: new Counter({
      name: 'checkout_saga_transitions_total',
      help: 'Checkout sagas entering each status (final statuses are the outcomes)',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    compensations: new Counter({
      name: 'checkout_compensations_total',
      help: 'Compensation steps run, by outcome (completed or failed)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    refunds: new Counter({
      name: 'checkout_refunds_total',
      help: 'Refunds by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    stockAlerts: new Counter({
      name: 'checkout_stock_alerts_total',
      help: 'Stock alerts raised',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
}
export type AppMetrics = ReturnType<typeof createAppMetrics>;

let processMetrics: AppMetrics | undefined;

/** This process's metrics (made on first use), shared by its API and worker parts. */
export function appMetrics(): AppMetrics {
  processMetrics ??= createAppMetrics();
  return processMetrics;
}
