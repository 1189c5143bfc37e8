import { condition } from '@temporalio/workflow';
import type { CheckoutInput, CheckoutState, OrderChangeView } from '../src/domain/checkout';
import { hasEnded, OrderStatus } from '../src/domain/order-status';
import type { ReviewDecision } from './checkout.messages';
import type { Recorder } from './checkout.recorder';
import { refuse } from './checkout.commands';
import { isDispatched } from './checkout.state';
import type { StepLock } from './step-lock';

/** What order changes work on: the state, the saga's step lock, and where review verdicts arrive. */
export interface ChangeContext {
  state: CheckoutState;
  input: CheckoutInput;
  record: Recorder;
  lock: StepLock;
  inbox: { review: ReviewDecision | null; applyPendingCarrierEvents: () => void };
  /** Records a cancellation request, as a cancel command does. */
  cancel: (reason: string) => void;
}

/** Why no change is allowed now, or undefined. Checked as the change arrives and again once it has the lock. */
export function noChangeNow(state: CheckoutState): string | undefined {
  if (hasEnded(state.status) || state.closing) return `the order is already ${state.status}`;
  if (state.cancellation) return 'the order is being cancelled';
  if (state.failure) return `the order failed: ${state.failure.message}`;
  if (isDispatched(state))
    return 'a parcel has already been handed to the carrier: the order can no longer change';
  if (state.status === OrderStatus.delivered || state.status === OrderStatus.completed)
    return `the order is already ${state.status}`;
  // The customer must act first (3-D Secure, the wallet, a transfer): a change would wait for them.
  if (state.status === OrderStatus.awaitingPayment)
    return 'the order is waiting for its payment: change it once paid, or cancel it';
  return undefined;
}

/** Waits until the order holds its stock (or will never): a change applies to what was reserved. */
export const untilReserved = (state: CheckoutState) =>
  condition(() => state.allocation !== null || state.failure !== null || state.cancellation !== null);

export const nextRevision = (state: CheckoutState) => (state.revision = (state.revision ?? 0) + 1);
export const labelled = (state: CheckoutState) =>
  state.shipments.filter((s) => s.kind === 'outbound' && s.status === 'label_created');

/** Takes the step lock for a change, or refuses it (409) when the order moved on while it waited. */
export async function lockFor(
  ctx: ChangeContext,
  view: OrderChangeView,
  undo: () => void,
): Promise<() => void> {
  await untilReserved(ctx.state);
  const release = await ctx.lock.acquire();
  const reason = noChangeNow(ctx.state);
  if (!reason) return release;
  release();
  undo();
  Object.assign(view, { status: 'refused', detail: reason });
  throw refuse(reason);
}
