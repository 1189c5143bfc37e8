import {
  allHandlersFinished,
  condition,
  continueAsNew,
  TemporalFailure,
  workflowInfo,
} from '@temporalio/workflow';
import type { CheckoutInput, CheckoutResume, CheckoutState } from '../src/domain/checkout';
import { OrderStatus } from '../src/domain/order-status';
import { run } from './checkout.activities';
import { closeRun, type Inbox } from './checkout.handlers';
import type { Recorder } from './checkout.recorder';
import { runReturn } from './checkout.return';
import { hasPendingApplications } from './checkout.refund-rules';
import { allDelivered, describeFailure } from './checkout.state';
import { flagAttention } from './checkout.attention';
import { captureRemaining } from './checkout.capture';
import { feature } from './features';

/** What the stages after delivery work on. */
export interface Saga {
  state: CheckoutState;
  input: CheckoutInput;
  record: Recorder;
  inbox: Inbox;
}

// Timeline entries a continued run keeps in its state; the full timeline is in the orders database.
const TIMELINE_CARRIED = 20;

/**
 * Whether the run should continue as new now: its history is long (the server suggests it, or it passed
 * the order's limit) and it is quiet (no handler running, no queued job), so nothing is cut off mid-way.
 */
function timeToContinue(saga: Saga): boolean {
  const info = workflowInfo();
  const limit = saga.input.historyLimit;
  const long = info.continueAsNewSuggested || (limit !== undefined && info.historyLength >= limit);
  // A refund application in progress is a process of its own in this run, which a new run would not have.
  return long && saga.inbox.idle() && allHandlersFinished() && !hasPendingApplications(saga.state);
}

/** Milliseconds until `deadline`, at least one: a continued run may start at (or past) its deadline. */
const until = (deadline: number) => Math.max(deadline - Date.now(), 1);

/** Continues the order in a new run at `stage`, with its state, sequence counter and absolute deadlines. */
function continueAt(saga: Saga, stage: CheckoutResume['stage'], deadline: number): Promise<never> {
  const state = { ...saga.state, timeline: saga.state.timeline.slice(-TIMELINE_CARRIED) };
  return continueAsNew<(input: CheckoutInput) => Promise<CheckoutState>>({
    ...saga.input,
    resume: { stage, state, seq: saga.record.seq(), deadline: new Date(deadline).toISOString() },
  });
}

/**
 * Authorize-then-capture: the order is complete, so every parcel counts as handed over and is captured (one
 * the carrier never reported, say). A refused capture is flagged for a person rather than failing the run.
 */
async function captureAtCompletion({ state, record }: Saga): Promise<void> {
  try {
    await captureRemaining(state, record);
  } catch (error) {
    if (!(error instanceof TemporalFailure)) throw error;
    await flagAttention(state, record, `a capture failed at completion: ${describeFailure(error).message}`);
  }
}

/**
 * After delivery: confirmation of receipt (or automatic confirmation), then the return window. Patched
 * ('continue-as-new'): these waits last weeks and take refunds and messages all along, so when the history
 * grows long the run continues as new at this quiet point, carrying its state (without the full
 * timeline), its sequence counter and its absolute deadline.
 */
export async function afterDelivery(saga: Saga, resume?: CheckoutResume): Promise<CheckoutState> {
  const { state, input, record, inbox } = saga;
  const { orderId } = state;
  if (!resume) {
    // Patched: the order is marked delivered only once the carrier updates (shipment rows, stock commit)
    // are written, so that a reader who sees `delivered` also sees committed stock.
    if (feature('delivered-after-carrier-updates')) await condition(inbox.idle);
    if (allDelivered(state)) await record('delivery', 'completed', OrderStatus.delivered);
  }
  if (resume?.stage !== 'return-window') {
    if (!state.receiptConfirmed) {
      const mayContinue = feature('continue-as-new');
      const deadline = resume ? Date.parse(resume.deadline) : Date.now() + input.timeouts.autoConfirmAfterMs;
      const answered = () => state.receiptConfirmed || state.cancellation !== null;
      // Awaited here, not in a helper: an extra async layer would reorder this run's commands against the
      // handler queue's within one activation, and histories of earlier versions would no longer replay.
      await condition(() => answered() || (mayContinue && timeToContinue(saga)), until(deadline), {
        summary: 'Wait for confirmation of receipt',
      });
      if (!answered() && mayContinue && timeToContinue(saga)) return continueAt(saga, 'receipt', deadline);
      if (state.cancellation) return runReturn(state, input, record, inbox);
    }
    await run('commitStock', 'Commit stock: the goods have left', { orderId });
    if (state.paymentDetails) await captureAtCompletion(saga);
    await record(
      'receipt',
      'completed',
      OrderStatus.completed,
      state.receiptConfirmed ? 'confirmed by customer' : 'confirmed automatically',
    );
    state.returnWindowEndsAt = new Date(Date.now() + input.timeouts.returnWindowMs).toISOString();
  }
  const mayContinue = feature('continue-as-new');
  const end = Date.parse(state.returnWindowEndsAt!);
  const cancelled = () => state.cancellation !== null;
  await condition(() => cancelled() || (mayContinue && timeToContinue(saga)), until(end), {
    summary: 'Return window open',
  });
  if (!cancelled() && mayContinue && timeToContinue(saga)) return continueAt(saga, 'return-window', end);
  if (state.cancellation) return runReturn(state, input, record, inbox);
  // Patched: refund applications still in progress keep the run open past the window until they settle.
  if (hasPendingApplications(state) && feature('refund-applications'))
    await condition(() => !hasPendingApplications(state));
  await closeRun(state, inbox);
  await record('return window', 'completed');
  return state;
}
