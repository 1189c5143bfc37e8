import type { RefundApplication } from '../src/domain/refund-applications';
import type { ActivityDeps } from './deps';

const FIXED = ['order_id', 'application_id', 'submitted_at', 'filed_by'];

/** Refund applications as the order's run holds them, projected to `refund_applications`. */
export function createRefundApplicationActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /**
     * Upserts an application's row from the workflow's state. Each change carries a higher version, and
     * the row only moves to a newer one, so a retried or late write never undoes a later change.
     */
    async recordRefundApplication({
      orderId,
      currency,
      application: a,
    }: {
      orderId: string;
      currency: string;
      application: RefundApplication;
    }): Promise<void> {
      const row = {
        order_id: orderId,
        application_id: a.applicationId,
        kind: a.kind,
        lines: JSON.stringify(a.lines),
        needs_return: a.needsReturn,
        reason: a.reason,
        note: a.note ?? null,
        filed_by: a.filedBy,
        status: a.status,
        amount_minor: a.amountMinor,
        refunded_minor: a.refundedMinor,
        currency,
        auto_approved: a.autoApproved,
        decision: a.decision ? JSON.stringify(a.decision) : null,
        parcels: JSON.stringify(a.parcels),
        error: a.error ?? null,
        version: a.version,
        submitted_at: a.submittedAt,
        decision_due_at: a.decisionDueAt ?? null,
        updated_at: db.fn.now(),
      };
      // Who filed it and when never change; everything else follows the workflow.
      const changing = Object.keys(row).filter((column) => !FIXED.includes(column));
      await db('refund_applications')
        .insert(row)
        .onConflict(['order_id', 'application_id'])
        .merge(changing)
        .where('refund_applications.version', '<', a.version);
    },
  };
}
