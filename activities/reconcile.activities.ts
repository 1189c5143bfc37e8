import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { CheckoutState } from '../src/domain/checkout';
import { ORDER_STATUSES, isFinalStatus } from '../src/domain/order-status';
import { checkoutWorkflowId } from '../src/temporal/workflow-ids';
import { statusQuery } from '../workflows/checkout.messages';
import type { ActivityDeps } from './deps';

/** What one reconciliation pass found. */
export interface ReconcileResult {
  checked: number;
  repaired: string[];
  flagged: { orderId: string; reason: string }[];
}

const OPEN_STATUSES = ORDER_STATUSES.filter((status) => !isFinalStatus(status));

/** Heartbeats when running as an activity (support scripts and tests also call the function directly). */
function heartbeat(progress: number): void {
  try {
    Context.current().heartbeat(progress);
  } catch {
    // not in an activity: nothing to report to
  }
}

/**
 * The reconciler: compares order rows that have not moved for a while with their workflow runs, the
 * source of truth. A row that drifted from a running (or completed) run is repaired from the run's state;
 * a row with no run, or whose run was terminated or ended without closing the order, is flagged
 * (`needs_attention`) for a person, since nothing was undone for it.
 */
export function createReconcileActivities({ db, temporal }: ActivityDeps) {
  async function project(orderId: string, state: CheckoutState): Promise<void> {
    await db('orders')
      .where({ id: orderId })
      .update({
        status: state.status,
        captured_minor: state.capturedMinor,
        refunded_minor: state.refundedMinor,
        ...(state.needsAttention !== undefined ? { needs_attention: state.needsAttention } : {}),
        // A run that takes order changes may have lowered its total before the charge.
        ...(state.changes ? { total_minor: state.totalMinor } : {}),
        updated_at: db.fn.now(),
      });
  }

  async function flag(orderId: string, reason: string, result: ReconcileResult): Promise<void> {
    await db('orders').where({ id: orderId }).update({ needs_attention: reason, updated_at: db.fn.now() });
    result.flagged.push({ orderId, reason });
  }

  return {
    /**
     * One pass over open, unflagged orders unchanged for `staleAfterMs` (oldest first, at most `limit`), or
     * over `orderIds` whatever their age (support reconciling particular orders now).
     */
    async reconcileOrders({
      staleAfterMs,
      limit,
      orderIds,
    }: {
      staleAfterMs: number;
      limit: number;
      orderIds?: string[];
    }): Promise<ReconcileResult> {
      const query = db('orders').whereIn('status', OPEN_STATUSES).whereNull('needs_attention');
      if (orderIds) query.whereIn('id', orderIds);
      else query.where('updated_at', '<', new Date(Date.now() - staleAfterMs));
      const rows: { id: string; status: string }[] = await query
        .orderBy('updated_at')
        .limit(limit)
        .select('id', 'status');
      const result: ReconcileResult = { checked: rows.length, repaired: [], flagged: [] };
      for (const [index, row] of rows.entries()) {
        heartbeat(index);
        const handle = temporal.workflow.getHandle(checkoutWorkflowId(row.id));
        let runStatus: string;
        try {
          runStatus = (await handle.describe()).status.name;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          await flag(row.id, 'no workflow run exists for this order', result);
          continue;
        }
        if (runStatus === 'RUNNING' || runStatus === 'COMPLETED') {
          const state =
            runStatus === 'RUNNING'
              ? await handle.query(statusQuery)
              : ((await handle.result()) as CheckoutState);
          if (state.status !== row.status) {
            await project(row.id, state);
            result.repaired.push(row.id);
          }
        } else if (runStatus === 'TERMINATED' || runStatus === 'TIMED_OUT') {
          await flag(
            row.id,
            `the run was ${runStatus.toLowerCase()}: nothing was undone; check stock and payment`,
            result,
          );
        } else {
          await flag(
            row.id,
            `the run ended (${runStatus.toLowerCase()}) but the order was left ${row.status}`,
            result,
          );
        }
      }
      return result;
    },
  };
}
