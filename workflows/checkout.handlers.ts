import { allHandlersFinished, condition, log, setHandler, TemporalFailure } from '@temporalio/workflow';
import { FailureType } from '../src/domain/failure-types';
import type { CheckoutInput, CheckoutState } from '../src/domain/checkout';
import { hasEnded, isFinalStatus, OrderStatus } from '../src/domain/order-status';
import { run } from './checkout.activities';
import {
  cancelSignal,
  carrierEventSignal,
  receiptSignal,
  refundSignal,
  reviewDecisionSignal,
  statusQuery,
  type RefundRequest,
  type ReviewDecision,
} from './checkout.messages';
import { describeFailure, formatMoney, isDispatched, refundableMinor } from './checkout.state';
import { flagAttention } from './checkout.attention';
import { createCarrierHandler } from './checkout.carrier';
import { emptyPaymentInbox, registerPaymentHandlers, type PaymentInbox } from './checkout.payment-handlers';
import { acceptReceipt, acceptReview, registerCommands, requestCancel } from './checkout.commands';
import type { Recorder } from './checkout.recorder';
import { registerRefundApplications } from './checkout.refund-applications';
import { hasPendingApplications } from './checkout.refund-rules';
import { SerialQueue } from './serial-queue';
import { registerChangeCommands } from './checkout.changes';
import { StepLock } from './step-lock';
import { feature } from './features';

/** What handlers leave for the main flow: the review verdict, and whether their side effects are done. */
export interface Inbox {
  review: ReviewDecision | null;
  idle: () => boolean;
  applyPendingCarrierEvents: () => void;
  /** Serialises the saga's steps with order changes (used only by runs that take changes). */
  lock: StepLock;
  /** Payment results and retries (authorize-then-capture). */
  payment: PaymentInbox;
  /** Runs a job on the handler queue, after those queued before it (never beside a carrier update). */
  enqueue: (job: () => Promise<void>) => void;
}

/**
 * Signal and query handlers. Handlers only change state and move status forward; their side effects
 * (refunds, shipment updates) run one at a time on a queue the workflow drains before it ends.
 */
export function registerHandlers(
  state: CheckoutState,
  input: CheckoutInput,
  record: Recorder,
  { fairLock = false }: { fairLock?: boolean } = {},
): Inbox {
  // A job that failed for good (an activity failure) is flagged for a person and the queue moves on;
  // patched ('attention-on-failed-job'), as older runs only logged it. Bugs are not caught here at all.
  const queue = new SerialQueue(async (error) => {
    log.error('handler job failed', { error: String(error) });
    if (feature('attention-on-failed-job'))
      await flagAttention(state, record, `a background job failed: ${describeFailure(error).message}`);
  });
  const inbox: Inbox = {
    review: null,
    idle: () => queue.idle,
    applyPendingCarrierEvents: () => undefined,
    lock: new StepLock(fairLock),
    payment: emptyPaymentInbox(),
    enqueue: (job) => queue.push(job),
  };
  const note = (step: string, detail: string) =>
    queue.push(() => record(step, 'received', state.status, detail));

  setHandler(statusQuery, () => state);
  const target = { state, inbox, note };
  registerCommands(target);
  registerPaymentHandlers(state, inbox.payment, note);

  setHandler(cancelSignal, ({ reason }) => {
    if (state.cancellation || refusesRequests(state) || hasPendingApplications(state)) return;
    requestCancel(target, reason);
  });

  setHandler(reviewDecisionSignal, (decision) => {
    if (state.status !== OrderStatus.inReview || inbox.review) return;
    acceptReview(target, decision);
  });

  setHandler(receiptSignal, () => {
    if (state.status !== OrderStatus.shipped && state.status !== OrderStatus.delivered) return;
    // Patched: receipt of goods that have not left the warehouse is refused (older runs accepted it).
    if (!isDispatched(state) && feature('receipt-needs-moved-parcel')) return;
    acceptReceipt(target);
  });

  const carrier = createCarrierHandler(state, input, record, queue);
  inbox.applyPendingCarrierEvents = carrier.applyPending;
  setHandler(carrierEventSignal, carrier.onEvent);
  registerRefundApplications({
    state,
    input,
    record,
    queue,
    applyPendingCarrierEvents: carrier.applyPending,
  });
  // Runs from before changes refuse them in the validator (state.changes is unset there).
  registerChangeCommands({
    state,
    input,
    record,
    inbox,
    lock: inbox.lock,
    cancel: (reason) => requestCancel(target, reason),
  });

  setHandler(refundSignal, (request) => handleRefund(state, request, queue, record));
  return inbox;
}

/**
 * Whether cancellations and refunds are refused now. Patched: the first version also refused them once the
 * order was completed, although its return window was still open.
 */
function refusesRequests(state: CheckoutState): boolean {
  if (state.closing) return true;
  return feature('requests-in-return-window') ? hasEnded(state.status) : isFinalStatus(state.status);
}

/**
 * Waits until every handler and queued job has finished. Patched ('close-before-final-record'): first
 * raises the closing flag, so that a request arriving from here on is refused (and says so) instead of
 * being accepted and then dropped when the run returns.
 */
export async function closeRun(state: CheckoutState, inbox: Inbox): Promise<void> {
  if (feature('close-before-final-record')) {
    state.closing = true;
    await condition(() => inbox.idle() && allHandlersFinished());
    return;
  }
  await condition(inbox.idle);
}

function handleRefund(
  state: CheckoutState,
  request: RefundRequest,
  queue: SerialQueue,
  record: Recorder,
): void {
  if (state.refunds.some((r) => r.refundId === request.refundId)) return; // duplicate signal
  const refundable = refundableMinor(state);
  const amountMinor = request.amountMinor ?? refundable;
  const entry = {
    refundId: request.refundId,
    amountMinor,
    reason: request.reason,
    status: 'requested' as const,
  };
  if (state.closing) {
    // No job is queued: the run is finishing, and the refusal is visible in its final state.
    state.refunds.push({ ...entry, status: 'rejected', error: 'refused: the order is closing' });
    return;
  }
  if (state.capturedMinor === 0 || amountMinor <= 0 || amountMinor > refundable || refusesRequests(state)) {
    const error = `refund of ${amountMinor} refused: ${Math.max(refundable, 0)} is refundable`;
    state.refunds.push({ ...entry, status: 'rejected', error });
    queue.push(() => record('refund', 'failed', state.status, `${request.refundId}: ${error}`));
    return;
  }
  state.refunds.push(entry);
  // Refunding everything before the goods leave is a cancellation: the saga's undo refunds under this id.
  if (
    amountMinor === refundable &&
    !isDispatched(state) &&
    !state.cancellation &&
    state.status !== OrderStatus.completed
  ) {
    state.cancellation = {
      reason: request.reason || 'full refund requested',
      requestedAt: new Date().toISOString(),
      refundId: request.refundId,
    };
    return;
  }
  queue.push(async () => {
    const live = state.refunds.find((r) => r.refundId === request.refundId)!;
    try {
      const result = await run('refundPayment', `Refund ${formatMoney(amountMinor, state.currency)}`, {
        orderId: state.orderId,
        refundId: request.refundId,
        amountMinor,
        reason: request.reason,
      });
      live.status = 'succeeded';
      state.refundedMinor += result.amountMinor;
      await record(
        'refund',
        'completed',
        state.status,
        `${request.refundId}: ${formatMoney(amountMinor, state.currency)}`,
      );
    } catch (error) {
      if (!(error instanceof TemporalFailure)) throw error;
      const failure = describeFailure(error);
      Object.assign(live, { status: 'rejected', error: failure.message });
      await record('refund', 'failed', state.status, `${request.refundId}: ${live.error}`);
      // The provider refusing is an answer; a refund that could not be made at all needs a person.
      if (failure.type !== FailureType.RefundNotAllowed && feature('attention-on-failed-job'))
        await flagAttention(
          state,
          record,
          `refund ${request.refundId} could not be made: ${failure.message}`,
        );
    }
  });
}
