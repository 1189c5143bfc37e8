import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CheckoutState } from '../src/domain/checkout';

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

export const cancelSignal = defineSignal<[CancelRequest]>('cancel');
export const refundSignal = defineSignal<[RefundRequest]>('refund');
export const reviewDecisionSignal = defineSignal<[ReviewDecision]>('reviewDecision');
export const carrierEventSignal = defineSignal<[CarrierEvent]>('carrierEvent');
export const receiptSignal = defineSignal('confirmReceipt');

/** The full checkout state, the source of truth the orders row projects. */
export const statusQuery = defineQuery<CheckoutState>('status');
