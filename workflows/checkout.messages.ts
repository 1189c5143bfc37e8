import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RefundApplicationRequest } from '../src/domain/refund-applications';
import type { CheckoutState, OrderChangeView, OrderPayment, ShippingAddress } from '../src/domain/checkout';
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

/** What a carrier reports about a parcel; the last three need action (see workflows/checkout.carrier-exceptions.ts). */
export const CARRIER_STATUSES = [
  'in_transit',
  'delivered',
  'exception',
  'lost',
  'returned_to_sender',
] as const;
export interface CarrierEvent {
  trackingNumber: string;
  status: (typeof CARRIER_STATUSES)[number];
  /** The carrier's own words, for an exception ("address not found", "customs hold"). */
  detail?: string;
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

/** Support's decision on a refund application; the reviewer is the caller. */
export interface RefundDecision {
  applicationId: string;
  decision: 'approve' | 'reject';
  reviewer: string;
  note?: string;
}

// Refund applications: each a signal with its own id (a repeat is a no-op), decided by an Update.
export const refundApplicationSignal = defineSignal<[RefundApplicationRequest]>('applyForRefund');
export const refundDecisionUpdate = defineUpdate<CommandResult, [RefundDecision]>('decideRefundApplication');

/** A new shipping address, before any parcel is handed to the carrier. */
export interface AddressChange {
  changeId: string;
  shippingAddress: ShippingAddress;
  /** Who asked: the customer, or the staff member whose credential made the request. */
  requestedBy: string;
}

/** Removing a line, or lowering its quantity, before any parcel is handed to the carrier. */
export interface LineChange {
  changeId: string;
  type: 'remove_line' | 'reduce_quantity';
  sku: string;
  /** The line's new quantity (reduce_quantity only): at least 1 and below the current one. */
  quantity?: number;
  requestedBy: string;
}

/** What a change answers: the order's status and the change as applied (or waiting for a review). */
export interface ChangeResult extends CommandResult {
  change: OrderChangeView;
}

/** Support's decision about a parcel the carrier reported lost. */
export interface LostParcelDecision {
  trackingNumber: string;
  decision: 'refund' | 'reship';
  decidedBy: string;
  note?: string;
}

export const changeAddressUpdate = defineUpdate<ChangeResult, [AddressChange]>('changeShippingAddress');
export const changeLineUpdate = defineUpdate<ChangeResult, [LineChange]>('changeOrderLine');
export const lostParcelUpdate = defineUpdate<CommandResult, [LostParcelDecision]>('decideLostParcel');
/** Another way to pay after a decline, on the same order and reservation. */
export interface PaymentRetry {
  /** Names this retry (the card vaulted for it, and a repeat of the request). */
  retryId: string;
  payment: OrderPayment;
}
export const retryPaymentUpdate = defineUpdate<CommandResult, [PaymentRetry]>('retryPayment');
