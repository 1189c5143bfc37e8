import type { RefundApplication } from '../domain/refund-applications';

/** An application as the API shows it, to the customer and to staff alike. */
export function applicationView(orderId: string, currency: string, a: RefundApplication) {
  return {
    orderId,
    applicationId: a.applicationId,
    status: a.status,
    kind: a.kind,
    lines: a.lines,
    needsReturn: a.needsReturn,
    reason: a.reason,
    note: a.note ?? null,
    amountMinor: a.amountMinor,
    refundedMinor: a.refundedMinor,
    currency,
    autoApproved: a.autoApproved,
    decision: a.decision ?? null,
    decisionDueAt: a.decisionDueAt ?? null,
    returnParcels: a.parcels,
    refundId: a.refundId ?? null,
    error: a.error ?? null,
    filedBy: a.filedBy,
    submittedAt: a.submittedAt,
  };
}

/** An application back from its `refund_applications` row (the projection of a closed run). */
export function applicationFromRow(row: Record<string, unknown>): RefundApplication {
  const optional = <T>(value: unknown) => (value === null || value === undefined ? undefined : (value as T));
  const app: RefundApplication = {
    applicationId: row.application_id as string,
    kind: row.kind as RefundApplication['kind'],
    lines: row.lines as RefundApplication['lines'],
    needsReturn: row.needs_return as boolean,
    reason: row.reason as RefundApplication['reason'],
    filedBy: row.filed_by as string,
    submittedAt: new Date(row.submitted_at as string).toISOString(),
    status: row.status as RefundApplication['status'],
    amountMinor: Number(row.amount_minor),
    valueMinor: 0,
    refundedMinor: Number(row.refunded_minor),
    autoApproved: row.auto_approved as boolean,
    parcels: row.parcels as RefundApplication['parcels'],
    version: row.version as number,
  };
  const note = optional<string>(row.note);
  const decision = optional<RefundApplication['decision']>(row.decision);
  const error = optional<string>(row.error);
  const due = optional<string>(row.decision_due_at);
  return {
    ...app,
    ...(note ? { note } : {}),
    ...(decision ? { decision } : {}),
    ...(error ? { error } : {}),
    ...(due ? { decisionDueAt: new Date(due).toISOString() } : {}),
  };
}
