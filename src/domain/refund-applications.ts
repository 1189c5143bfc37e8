// Refund applications: what a customer asks for, and the statuses it goes through. Pure and deterministic,
// so the workflow, the API and the auditor share the same rules.

/** Why the customer wants money back: a fixed list, so that reports can count them. */
export const REFUND_REASONS = [
  'damaged',
  'not_as_described',
  'wrong_item',
  'changed_mind',
  'late',
  'other',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/**
 * An application's statuses. `submitted` waits for support (until its SLA passes: `escalated`);
 * `approved` is decided and holds its amount; `awaiting_return` waits for the return parcels; `refunding`
 * has handed its amount to the refund; the rest are ends.
 */
export const ApplicationStatus = {
  submitted: 'submitted',
  escalated: 'escalated',
  approved: 'approved',
  awaitingReturn: 'awaiting_return',
  refunding: 'refunding',
  refunded: 'refunded',
  rejected: 'rejected',
  returnLapsed: 'return_lapsed',
  failed: 'failed',
} as const;
export type ApplicationStatus = (typeof ApplicationStatus)[keyof typeof ApplicationStatus];

/** Waiting for a support decision. */
export const isAwaitingDecision = (status: ApplicationStatus) =>
  status === ApplicationStatus.submitted || status === ApplicationStatus.escalated;

/** Decided for, with the money not yet handed to a refund: the amount is held against other refunds. */
export const holdsAmount = (status: ApplicationStatus) =>
  status === ApplicationStatus.approved || status === ApplicationStatus.awaitingReturn;

const ENDS: readonly ApplicationStatus[] = ['refunded', 'rejected', 'return_lapsed', 'failed'];
/** Still in progress: the run stays open for it. */
export const isPending = (status: ApplicationStatus) => !ENDS.includes(status);

export interface ApplicationLine {
  sku: string;
  quantity: number;
}

/** A return parcel of an application: from the customer back to one warehouse, with the lines in it. */
export interface ReturnParcel {
  warehouseId: string;
  /** Set once the label is made. */
  trackingNumber?: string;
  lines: ApplicationLine[];
}

/** What the customer (or support for them) sends; the workflow turns it into a RefundApplication. */
export interface RefundApplicationRequest {
  applicationId: string;
  /** Whole lines ({ sku, quantity } of what was bought), or an amount off. */
  lines?: ApplicationLine[];
  amountMinor?: number;
  /** Lines the customer keeps: a refund without a return, which always needs approval. */
  keepItems?: boolean;
  reason: RefundReason;
  note?: string;
  /** Who filed it: the customer, or the staff member filing for them. */
  filedBy: string;
}

/** An application as the workflow keeps it (and the `refund_applications` table projects it). */
export interface RefundApplication {
  applicationId: string;
  kind: 'lines' | 'amount';
  lines: ApplicationLine[];
  /** True when the goods come back before the money goes out. */
  needsReturn: boolean;
  reason: RefundReason;
  note?: string;
  filedBy: string;
  submittedAt: string;
  status: ApplicationStatus;
  /** What it refunds: the lines' share of the amount paid (or the amount asked), fixed when approved. */
  amountMinor: number;
  /** List value of its lines at the order's prices (0 for an amount), the base of its share. */
  valueMinor: number;
  refundedMinor: number;
  /** The id its refund goes to the payment activity under, once it has one. */
  refundId?: string;
  autoApproved: boolean;
  decisionDueAt?: string;
  decision?: { decision: 'approve' | 'reject'; reviewer: string; note?: string; at: string };
  parcels: ReturnParcel[];
  /** Why it was rejected, lapsed or failed. */
  error?: string;
  /** Bumped on every change, so that the projection never goes back to an older one. */
  version: number;
}

/** The refund id an application's refund is made under: colon-separated, so no client refundId can name it. */
export const applicationRefundId = (orderId: string, applicationId: string) =>
  `${orderId}:application:${applicationId}`;

/**
 * Auto-approval limits per currency in minor units, from "USD:5000,EUR:5000" (REFUND_AUTO_APPROVE_LIMITS).
 * Throws on a malformed entry.
 */
export function parseAutoApproveLimits(text: string): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Z]{3}):(\d{1,15})$/.exec(entry);
    if (!match) throw new RangeError(`"${entry}" is not CURRENCY:minor units, such as USD:5000`);
    limits[match[1]!] = Number(match[2]);
  }
  return limits;
}
