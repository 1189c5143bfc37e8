import { Router, type RequestHandler } from 'express';
import type { ApiDeps } from '../deps';
import type { Readiness } from '../readiness';

/**
 * Probes for orchestrators. `/livez`: the process answers (no dependency checks, so a database outage
 * does not get every API process restarted). `/readyz`: PostgreSQL and Temporal answer and the process
 * is not shutting down. `/healthz` stays as an alias of `/readyz`, as it was documented before the split.
 */
export function probesRouter(deps: ApiDeps, readiness: Readiness): Router {
  const router = Router();
  router.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const ready: RequestHandler = async (_req, res) => {
    const checks = await Promise.allSettled([
      deps.db.raw('SELECT 1'),
      deps.temporal.connection.workflowService.getSystemInfo({}),
    ]);
    const [database, temporal] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'unavailable'));
    const reachable = checks.every((c) => c.status === 'fulfilled');
    const status = readiness.shuttingDown ? 'shutting_down' : reachable ? 'ok' : 'degraded';
    res.status(status === 'ok' ? 200 : 503).json({ status, database, temporal });
  };
  router.get('/readyz', ready);
  router.get('/healthz', ready);
  return router;
}
