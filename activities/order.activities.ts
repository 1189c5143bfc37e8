import type { CheckoutInput, CheckoutState, TimelineEntry } from '../src/domain/checkout';
import { insertOrder } from '../src/db/repos/orders.repo';
import { countTransition } from '../src/observability/saga-metrics';
import type { ActivityDeps } from './deps';

/** One step of the order's timeline, with the projection of workflow state that goes with it. */
export interface TransitionRecord {
  orderId: string;
  seq: number;
  entry: TimelineEntry;
  projection: Pick<
    CheckoutState,
    'status' | 'capturedMinor' | 'refundedMinor' | 'allocation' | 'risk' | 'failure' | 'needsAttention'
  > &
    // Sent by runs that can change their orders: a change before the charge lowers the total.
    Partial<Pick<CheckoutState, 'totalMinor'>>;
}

/** Order-row activities: the row is a projection of workflow state, written through one path. */
export function createOrderActivities({ db, metrics }: ActivityDeps) {
  return {
    /** Creates the order and its lines unless they exist (the API may already have written them). */
    async recordOrder(input: CheckoutInput): Promise<void> {
      await insertOrder(db, input, { ifMissing: true });
    },

    /**
     * Appends a timeline entry (idempotent by seq) and updates the order row to match the workflow. The
     * row only moves to a newer seq: a retried or late write of an older transition never overwrites a
     * newer one.
     */
    async recordTransition({ orderId, seq, entry, projection }: TransitionRecord): Promise<void> {
      const { first, statusChanged } = await db.transaction(async (trx) => {
        const inserted = await trx('order_events')
          .insert({
            order_id: orderId,
            seq,
            step: entry.step,
            outcome: entry.outcome,
            status: entry.status,
            detail: entry.detail ?? null,
            at: entry.at,
          })
          .onConflict(['order_id', 'seq'])
          .ignore()
          .returning('seq');
        const before = await trx('orders').where({ id: orderId }).first('status');
        await trx('orders')
          .where({ id: orderId })
          .andWhere('last_seq', '<', seq)
          .update({
            last_seq: seq,
            status: projection.status,
            captured_minor: projection.capturedMinor,
            refunded_minor: projection.refundedMinor,
            allocation: projection.allocation ? JSON.stringify(projection.allocation) : null,
            risk: projection.risk ? JSON.stringify(projection.risk) : null,
            failure: projection.failure ? JSON.stringify(projection.failure) : null,
            // Runs from before the flag existed send no value; leave the column alone for them.
            ...(projection.needsAttention !== undefined
              ? { needs_attention: projection.needsAttention }
              : {}),
            ...(projection.totalMinor !== undefined ? { total_minor: projection.totalMinor } : {}),
            updated_at: trx.fn.now(),
          });
        return { first: inserted.length > 0, statusChanged: before?.status !== projection.status };
      });
      if (metrics && first) countTransition(metrics, entry, statusChanged);
    },
  };
}
