import type { PaymentMethodKind } from './payment-methods';

// Authorize-then-capture as the workflow sees it: attempts, what the customer must do, and the money held,
// captured and released. Pure types, shared by workflows, activities and the API.

/** What the customer must do before an asynchronous payment can complete. */
export type RequiredAction =
  | { type: 'three_d_secure'; url: string }
  | { type: 'redirect'; url: string }
  | {
      type: 'bank_transfer';
      /** The reference the customer must quote with the transfer. */
      reference: string;
      accountName: string;
      iban: string;
      amountMinor: number;
      currency: string;
    };

/** After a decline: the customer may pay another way until `until`. */
export interface RetryAction {
  type: 'retry';
  reason: string;
  until: string;
}

export type AttemptStatus = 'authorizing' | 'action_required' | 'authorized' | 'declined' | 'voided';

/** One authorization attempt: the first, a retry after a decline, or a renewal before expiry. */
export interface PaymentAttempt {
  attempt: number;
  method: PaymentMethodKind;
  status: AttemptStatus;
  amountMinor: number;
  reference: string | null;
  reason?: string;
  /** When the hold lapses (null: money already received, as with a bank transfer). */
  expiresAt?: string | null;
  /** The attempt this one renews, for a re-authorization. */
  renews?: number;
  /** When the saga renews the hold: with a seventh of its validity left (a day of the sandbox's seven). */
  renewAt?: string;
}

/** The payment of an order paid by authorize-then-capture. */
export interface PaymentDetails {
  attempts: PaymentAttempt[];
  requiredAction: RequiredAction | RetryAction | null;
  /** Each outbound parcel's share of the amount due, by shipment id (see planCaptures). */
  shares: Record<string, number>;
  /** What was captured for each parcel, by shipment id. */
  captured: Record<string, number>;
  voidedMinor: number;
}

/** An asynchronous result, as the provider's signed webhook reports it. */
export interface PaymentResult {
  /** The provider's event id: each is handled once. */
  eventId: string;
  /** The provider's reference of the authorization the result is for. */
  reference: string;
  outcome: 'authorized' | 'failed' | 'pending';
  reason?: string;
  expiresAt?: string | null;
}

/** The attempt whose authorization currently holds the money (the newest authorized one). */
export const currentAuthorization = (details: PaymentDetails): PaymentAttempt | undefined =>
  [...details.attempts].reverse().find((a) => a.status === 'authorized');
