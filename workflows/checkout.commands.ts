import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { CheckoutState } from '../src/domain/checkout';
import { hasEnded, OrderStatus } from '../src/domain/order-status';
import {
  ALREADY_DONE,
  cancelUpdate,
  receiptUpdate,
  reviewUpdate,
  type CancelRequest,
  type ReviewDecision,
} from './checkout.messages';
import { isDispatched } from './checkout.state';
import { hasPendingApplications } from './checkout.refund-rules';

/** Where command handlers leave what the main flow waits for, and how they note it on the timeline. */
export interface CommandTarget {
  state: CheckoutState;
  inbox: { review: ReviewDecision | null };
  note: (step: string, detail: string) => void;
}

/** A validator's refusal: the caller gets 409 with the reason, and nothing is written to history. */
export const refuse = (reason: string) => ApplicationFailure.create({ type: 'Refused', message: reason });
/** A validator's answer to a repeat of a command already taken: the caller may treat it as success. */
export const alreadyDone = (what: string) => ApplicationFailure.create({ type: ALREADY_DONE, message: what });

/** Records a cancellation request; the main flow decides what it means at its stage. */
export function requestCancel({ state, note }: CommandTarget, reason: string): void {
  state.cancellation = { reason: reason || 'cancelled', requestedAt: new Date().toISOString() };
  note('cancel', state.cancellation.reason);
}

export function acceptReview({ inbox, note }: CommandTarget, decision: ReviewDecision): void {
  inbox.review = decision;
  note('review', `${decision.decision} by ${decision.reviewer}`);
}

export function acceptReceipt({ state, note }: CommandTarget): void {
  state.receiptConfirmed = true;
  note('receipt', 'confirmed by customer');
}

/**
 * Cancel, receipt and review as Updates. Each validator refuses what the order's state does not allow,
 * with the reason, before anything is written; a repeat of a command already taken is refused as
 * ALREADY_DONE, so duplicates never grow the history.
 */
export function registerCommands(target: CommandTarget): void {
  const { state, inbox } = target;
  const answer = () => ({ status: state.status });

  setHandler(
    cancelUpdate,
    ({ reason }) => {
      requestCancel(target, reason);
      return answer();
    },
    {
      validator: (_request: CancelRequest) => {
        if (state.cancellation) throw alreadyDone('a cancellation is already under way');
        if (hasEnded(state.status) || state.closing) throw refuse(`the order is already ${state.status}`);
        if (hasPendingApplications(state))
          throw refuse('a refund application is in progress: wait for its outcome before cancelling');
      },
    },
  );

  setHandler(
    receiptUpdate,
    () => {
      acceptReceipt(target);
      return answer();
    },
    {
      validator: () => {
        if (state.receiptConfirmed) throw alreadyDone('receipt is already confirmed');
        if (state.status !== OrderStatus.shipped && state.status !== OrderStatus.delivered)
          throw refuse(`receipt can only be confirmed once shipped; the order is ${state.status}`);
        if (!isDispatched(state))
          throw refuse('receipt can only be confirmed once a parcel has left the warehouse');
        if (state.cancellation) throw refuse('the order is being cancelled');
      },
    },
  );

  setHandler(
    reviewUpdate,
    (decision) => {
      acceptReview(target, decision);
      return answer();
    },
    {
      validator: (_decision: ReviewDecision) => {
        if (inbox.review) throw alreadyDone(`the review was already decided: ${inbox.review.decision}`);
        // Also while a new address waits for a review (see checkout.changes.ts).
        if (state.status !== OrderStatus.inReview && !state.changeReview)
          throw refuse(`the order is not in review; it is ${state.status}`);
      },
    },
  );
}
