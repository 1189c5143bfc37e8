import { Router } from 'express';
import { z } from 'zod';
import { erasePersonalData } from '../../privacy/erase-personal-data';
import { callerOf } from '../../auth/authenticate';
import { allow } from '../access-policy';
import type { ApiDeps } from '../deps';
import { conflict, notFound, parse } from '../http-errors';

/** Customer ids as the API accepts them in paths: also safe inside a Temporal visibility query. */
export const customerIdParam = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.@:+-]{1,64}$/, 'must be 1 to 64 letters, digits or _.@:+-'),
});

/** Customers: erasure of personal data (GDPR), for admins. */
export function customersRouter(deps: ApiDeps): Router {
  const router = Router();

  router.delete('/:id/personal-data', allow('DELETE /v1/customers/{id}/personal-data'), async (req, res) => {
    const { id } = parse(customerIdParam, { id: req.params.id }, 'id');
    const result = await erasePersonalData(deps, id, callerOf(res));
    if (result.outcome === 'unknown-customer') throw notFound(`customer ${id}`);
    if (result.outcome === 'open-orders')
      throw conflict(
        `customer ${id} has orders still open: ${result.orderIds.join(', ')}; erase once they have ended`,
      );
    const { outcome: _, ...erased } = result;
    res.json(erased);
  });

  return router;
}
