import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { CheckoutState } from '../src/domain/checkout';
import type { PaymentResult } from '../src/domain/payment-state';
import {
  ALREADY_DONE,
  paymentResultSignal,
  retryPaymentUpdate,
  type PaymentRetry,
} from './checkout.messages';

/** What the payment handlers leave for the payment step: results by provider reference, and a retry. */
export interface PaymentInbox {
  /** The first final result per authorization reference; later ones for the same reference are ignored. */
  results: Map<string, PaymentResult>;
  /** Provider event ids already handled: a repeated event changes nothing. */
  seen: Set<string>;
  retry: PaymentRetry | null;
}

export const emptyPaymentInbox = (): PaymentInbox => ({ results: new Map(), seen: new Set(), retry: null });

const refuse = (reason: string) => ApplicationFailure.create({ type: 'Refused', message: reason });

/**
 * Payment results (signals from the provider's webhook) and retries (an Update). A result is kept even when
 * it arrives before its attempt is waiting, handled once per event id, and only the first final outcome of
 * an authorization counts, so a repeat, or a stale event arriving late, never changes what was decided.
 */
export function registerPaymentHandlers(
  state: CheckoutState,
  box: PaymentInbox,
  note: (step: string, detail: string) => void,
): void {
  setHandler(paymentResultSignal, (result) => {
    if (box.seen.has(result.eventId)) return;
    box.seen.add(result.eventId);
    if (result.outcome === 'pending') return; // informational: never undoes a final outcome
    const first = box.results.get(result.reference);
    if (first) {
      if (first.outcome !== result.outcome)
        note('payment', `ignored ${result.outcome} for ${result.reference}: already ${first.outcome}`);
      return;
    }
    box.results.set(result.reference, result);
  });

  setHandler(
    retryPaymentUpdate,
    (retry) => {
      box.retry = retry;
      note('payment', `retry with ${retry.payment.method}`);
      return { status: state.status };
    },
    {
      validator: (retry: PaymentRetry) => {
        if (box.retry?.retryId === retry.retryId)
          throw ApplicationFailure.create({ type: ALREADY_DONE, message: 'this retry is already under way' });
        const action = state.paymentDetails?.requiredAction;
        if (action?.type !== 'retry')
          throw refuse(`there is no declined payment to retry; the order is ${state.status}`);
        if (box.retry) throw refuse('another payment retry is already under way');
        if (state.cancellation || state.closing) throw refuse('the order is being cancelled');
        if (Date.now() > Date.parse(action.until)) throw refuse(`the retry window closed at ${action.until}`);
      },
    },
  );
}
