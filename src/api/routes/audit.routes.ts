import { Router } from 'express';
import { queryAudit } from '../../db/repos/audit-log.repo';
import { allow } from '../access-policy';
import type { ApiDeps } from '../deps';
import { parse } from '../http-errors';
import { auditQuery } from '../schemas';

/** The audit log of staff and admin actions, newest first; `nextBefore` pages further back. */
export function auditRouter({ db }: ApiDeps): Router {
  const router = Router();
  router.get('/', allow('GET /v1/audit'), async (req, res) => {
    const query = parse(auditQuery, req.query, 'query');
    res.json(
      await queryAudit(db, {
        ...query,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
      }),
    );
  });
  return router;
}
