import type { ReconcileResult } from '../activities/reconcile.activities';
import { ACTIVITY_OPTIONS, activityRunner } from './checkout.activities';

/** What a reconciliation run looks at: rows unchanged for `staleAfterMs`, at most `limit` of them. */
export interface ReconcileInput {
  staleAfterMs: number;
  limit: number;
  orderIds?: string[];
}

// A pass describes and queries many runs one after another; it heartbeats per order, so a lost worker is
// noticed in seconds rather than after the whole pass's timeout.
const run = activityRunner({
  ...ACTIVITY_OPTIONS,
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
});

/** One pass of the reconciler, started by its Schedule; see the reconcileOrders activity. */
export async function reconcileOrders(input: ReconcileInput): Promise<ReconcileResult> {
  return run('reconcileOrders', `Reconcile up to ${input.limit} quiet orders with their runs`, input);
}
