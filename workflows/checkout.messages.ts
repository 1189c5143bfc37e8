import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CheckoutState, OrderPayment } from '../src/domain/checkout';
import type { PaymentResult } from '../src/domain/payment-state';

// Message definitions live apart from the workflow so the API can import them without workflow logic.

export interface CancelRequest {
  reason: string;
}

export interface RefundRequest {
  refundId: string;
  /** Omitted or null: refund everything still captured. */
  amountMinor?: number | null;
  reason: string;
}

export interface ReviewDecision {
  decision: 'approve' | 'reject';
  reviewer: string;
  note?: string;
}

export const CARRIER_STATUSES = ['in_transit', 'delivered'] as const;
export interface CarrierEvent {
  trackingNumber: string;
  status: (typeof CARRIER_STATUSES)[number];
}

// Signals: refund requests (the product's contract) and outside events. cancel, confirmReceipt and
// reviewDecision stay registered for callers from before the updates below.
export const cancelSignal = defineSignal<[CancelRequest]>('cancel');
export const refundSignal = defineSignal<[RefundRequest]>('refund');
export const reviewDecisionSignal = defineSignal<[ReviewDecision]>('reviewDecision');
export const carrierEventSignal = defineSignal<[CarrierEvent]>('carrierEvent');
export const receiptSignal = defineSignal('confirmReceipt');
/** A payment provider's asynchronous result (from its signed webhook); deduplicated by event id. */
export const paymentResultSignal = defineSignal<[PaymentResult]>('paymentResult');

/** The full checkout state, the source of truth the orders row projects. */
export const statusQuery = defineQuery<CheckoutState>('status');

/** What a command answers once the workflow has taken it: the order's status at that moment. */
export interface CommandResult {
  status: CheckoutState['status'];
}

/**
 * The ApplicationFailure type a validator refuses a repeat with (a second cancel or receipt): the caller
 * may treat it as success, and nothing is written to history either way.
 */
export const ALREADY_DONE = 'AlreadyDone';

// Commands whose caller needs an answer now: Updates with validators, so that a refusal writes nothing
// to history and comes back with its reason.
export const cancelUpdate = defineUpdate<CommandResult, [CancelRequest]>('cancelOrder');
export const receiptUpdate = defineUpdate<CommandResult, []>('confirmReceiptOfGoods');
export const reviewUpdate = defineUpdate<CommandResult, [ReviewDecision]>('decideReview');

/** Another way to pay after a decline, on the same order and reservation. */
export interface PaymentRetry {
  /** Names this retry (the card vaulted for it, and a repeat of the request). */
  retryId: string;
  payment: OrderPayment;
}
export const retryPaymentUpdate = defineUpdate<CommandResult, [PaymentRetry]>('retryPayment');
