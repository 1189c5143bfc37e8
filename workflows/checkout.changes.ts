import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import {
  cardReferenceOf,
  type CheckoutInput,
  type CheckoutState,
  type OrderChangeView,
} from '../src/domain/checkout';
import { amountForLines, linesAfter, releasesFor } from '../src/domain/order-change';
import { hasEnded, OrderStatus } from '../src/domain/order-status';
import { run } from './checkout.activities';
import { settleLoweredAmount } from './checkout.amount-change';
import { clearAttention, flagAttention } from './checkout.attention';
import {
  ALREADY_DONE,
  changeAddressUpdate,
  changeLineUpdate,
  type AddressChange,
  type ChangeResult,
  type LineChange,
  type ReviewDecision,
} from './checkout.messages';
import type { Recorder } from './checkout.recorder';
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

const refuse = (reason: string) => ApplicationFailure.create({ type: 'Refused', message: reason });

/** Why no change is allowed now, or undefined. Checked as the change arrives and again once it has the lock. */
function noChangeNow(state: CheckoutState): string | undefined {
  if (hasEnded(state.status) || state.closing) return `the order is already ${state.status}`;
  if (state.cancellation) return 'the order is being cancelled';
  if (state.failure) return `the order failed: ${state.failure.message}`;
  if (isDispatched(state))
    return 'a parcel has already been handed to the carrier: the order can no longer change';
  if (state.status === OrderStatus.delivered || state.status === OrderStatus.completed)
    return `the order is already ${state.status}`;
  return undefined;
}

function validateChange(state: CheckoutState, changeId: string): void {
  if (!state.changes) throw refuse('this order was placed before orders could change');
  const earlier = state.changes.find((c) => c.changeId === changeId);
  if (earlier)
    throw ApplicationFailure.create({
      type: ALREADY_DONE,
      message: `change ${changeId} is ${earlier.status}`,
    });
  const reason = noChangeNow(state);
  if (reason) throw refuse(reason);
  if (state.changeReview)
    throw refuse(`address change ${state.changeReview} is waiting for a support review`);
}

function validateLine(state: CheckoutState, { sku, type, quantity }: LineChange): void {
  const line = state.lines!.find((l) => l.sku === sku);
  if (!line) throw refuse(`the order has no line for ${sku}`);
  if (type === 'reduce_quantity' && (quantity === undefined || quantity < 1 || quantity >= line.quantity))
    throw refuse(`quantity must be at least 1 and below the line's current ${line.quantity}`);
}

/** Waits until the order holds its stock (or will never): a change applies to what was reserved. */
const untilReserved = (state: CheckoutState) =>
  condition(() => state.allocation !== null || state.failure !== null || state.cancellation !== null);

const nextRevision = (state: CheckoutState) => (state.revision = (state.revision ?? 0) + 1);
const labelled = (state: CheckoutState) =>
  state.shipments.filter((s) => s.kind === 'outbound' && s.status === 'label_created');

/**
 * Order changes before dispatch, as Updates (patched 'order-changes': runs from before answer 409). Each
 * validator refuses what is no longer allowed, with the reason, and a repeat of a change id as ALREADY_DONE.
 * A change waits for the stock to be reserved and for the saga's current step (see StepLock), checks again,
 * then re-runs what it affects:
 * - a new address: labels already made are voided, the stock re-allocated for it (warehouses may change),
 *   new labels made if there were any, and the risk check run again once it had run (reject: the order is
 *   cancelled and compensated; review: support decides, holding back the charge and labels meanwhile);
 * - a removed line or lower quantity: exactly those units are released (the costliest picks first),
 *   labels of parcels left empty voided, and the lower amount settled (settleLoweredAmount). Removing the
 *   last line is a cancellation.
 */
export function registerChangeCommands(ctx: ChangeContext): void {
  const { state } = ctx;
  setHandler(changeAddressUpdate, (change) => changeAddress(ctx, change), {
    validator: (change: AddressChange) => validateChange(state, change.changeId),
  });
  setHandler(changeLineUpdate, (change) => changeLine(ctx, change), {
    validator: (change: LineChange) => {
      validateChange(state, change.changeId);
      validateLine(state, change);
    },
  });
}

/** Takes the step lock for a change, or refuses it (409) when the order moved on while it waited. */
async function lockFor(ctx: ChangeContext, view: OrderChangeView, undo: () => void): Promise<() => void> {
  await untilReserved(ctx.state);
  const release = await ctx.lock.acquire();
  const reason = noChangeNow(ctx.state);
  if (!reason) return release;
  release();
  undo();
  Object.assign(view, { status: 'refused', detail: reason });
  throw refuse(reason);
}

async function changeLine(ctx: ChangeContext, change: LineChange): Promise<ChangeResult> {
  const { state, input, record } = ctx;
  const { changeId, sku } = change;
  const before = state.lines!;
  const quantity = change.type === 'remove_line' ? 0 : change.quantity!;
  // Taken at once, so that the next change is validated against these lines.
  state.lines = linesAfter(before, sku, quantity);
  const view: OrderChangeView = {
    changeId,
    type: change.type,
    sku,
    quantity,
    requestedBy: change.requestedBy,
    status: 'pending',
  };
  state.changes!.push(view);
  if (state.lines.length === 0) {
    ctx.cancel(`the last line (${sku}) was removed`);
    Object.assign(view, { status: 'cancelled', detail: 'the last line was removed: the order is cancelled' });
    return { status: state.status, change: view };
  }
  const line = before.find((l) => l.sku === sku)!;
  const restore = () => {
    const now = state.lines!.find((l) => l.sku === sku)?.quantity ?? 0;
    state.lines = [
      ...linesAfter(state.lines!, sku, 0),
      { ...line, quantity: now + line.quantity - quantity },
    ];
  };
  const release = await lockFor(ctx, view, restore);
  try {
    const { releases, picks } = releasesFor(state.allocation!.picks, state.lines);
    state.allocation = { ...state.allocation!, picks };
    const units = releases.reduce((sum, r) => sum + r.quantity, 0);
    await run('releaseUnits', `Release ${units} unit(s) of ${sku}`, {
      orderId: state.orderId,
      revision: nextRevision(state),
      releases,
      lines: state.lines,
      allocation: state.allocation,
    });
    const kept = new Set(picks.map((p) => p.warehouseId));
    const empty = labelled(state).filter((s) => !kept.has(s.warehouseId));
    if (empty.length > 0) {
      const { cancelled } = await run('cancelLabels', 'Void the labels of parcels left empty', {
        orderId: state.orderId,
        trackingNumbers: empty.map((s) => s.trackingNumber),
      });
      for (const s of empty) if (cancelled.includes(s.trackingNumber)) s.status = 'cancelled';
    }
    view.amountDueMinor = amountForLines(state.lines, {
      currency: state.currency,
      method: input.payment.method,
    });
    view.refundedMinor = await settleLoweredAmount(state, view.amountDueMinor, changeId);
    view.status = 'applied';
    await record(
      'change',
      'completed',
      state.status,
      `${changeId}: ${sku} → ${quantity}, ${units} unit(s) released`,
    );
    return { status: state.status, change: view };
  } finally {
    release();
  }
}

async function changeAddress(ctx: ChangeContext, change: AddressChange): Promise<ChangeResult> {
  const { state, input, record, inbox } = ctx;
  const { orderId } = state;
  const view: OrderChangeView = {
    changeId: change.changeId,
    type: 'shipping_address',
    requestedBy: change.requestedBy,
    status: 'pending',
  };
  state.changes!.push(view);
  const release = await lockFor(ctx, view, () => undefined);
  let heldForReview = false;
  try {
    state.shippingAddress = change.shippingAddress;
    const voided = labelled(state);
    if (voided.length > 0) {
      await run('cancelShipments', 'Void the labels for the old address', { orderId });
      for (const s of voided) s.status = 'cancelled';
    }
    const revision = nextRevision(state);
    state.allocation = await run('reallocateStock', 'Re-allocate stock for the new address', {
      orderId,
      revision,
      strategy: input.allocationStrategy,
      shippingAddress: change.shippingAddress,
      lines: state.lines!,
    });
    state.stockRevision = revision;
    if (voided.length > 0) {
      const labels = await run('createShipments', 'Label the parcels for the new address', {
        orderId,
        revision,
      });
      state.shipments.push(...labels.map((label) => ({ ...label, revision })));
      inbox.applyPendingCarrierEvents();
    }
    const from = [...new Set(state.allocation.picks.map((p) => p.warehouseId))].join(', ');
    await record(
      'change',
      'completed',
      state.status,
      `${change.changeId}: new address, allocated from ${from}`,
    );
    view.status = 'applied';
    if (state.risk) heldForReview = await reassessRisk(ctx, view, release);
    return { status: state.status, change: view };
  } finally {
    if (!heldForReview) release();
  }
}

/**
 * The risk check again, for the new address. Reject cancels the order (the saga compensates). Review waits
 * for support (as at checkout, with the same timeout; silence rejects) while holding the step lock, so the
 * charge and labels wait for the verdict; true when it does. A review already pending at checkout stands.
 */
async function reassessRisk(
  ctx: ChangeContext,
  view: OrderChangeView,
  release: () => void,
): Promise<boolean> {
  const { state, input, record, inbox } = ctx;
  const risk = await run('assessRisk', 'Assess payment risk for the new address', {
    orderId: state.orderId,
    customerId: state.customerId,
    amountMinor: state.amountDueMinor ?? state.totalMinor,
    currency: state.currency,
    shippingAddress: state.shippingAddress!,
    lines: state.lines!,
    card: cardReferenceOf(input.payment),
  });
  const reasons = risk.reasons.slice(0, 3).join('; ');
  if (risk.decision === 'reject') {
    state.risk = risk;
    rejectChange(ctx, view, `the new address was rejected by the risk check: ${reasons}`);
    return false;
  }
  if (risk.decision === 'approve' || state.status === OrderStatus.inReview) {
    await record('risk', 'completed', state.status, `new address: ${risk.decision}`);
    return false;
  }
  state.risk = risk;
  view.status = 'in_review';
  state.changeReview = view.changeId;
  inbox.review = null;
  const reason = `address change ${view.changeId} needs a review: ${reasons}`;
  void (async () => {
    try {
      await flagAttention(state, record, reason);
      const decided = await condition(
        () => inbox.review !== null || state.cancellation !== null,
        input.timeouts.reviewTimeoutMs,
        { summary: 'Wait for a support review of the new address' },
      );
      state.changeReview = null;
      if (state.cancellation) view.status = 'cancelled';
      else if (!decided || inbox.review!.decision === 'reject')
        rejectChange(
          ctx,
          view,
          `the new address was rejected in review (${decided ? inbox.review!.reviewer : 'review timed out'})`,
        );
      else {
        view.status = 'applied';
        state.risk = {
          ...risk,
          decision: 'approve',
          reasons: [`review by ${inbox.review!.reviewer}: approve`, ...risk.reasons],
        };
        await clearAttention(state, record, reason, `address change approved by ${inbox.review!.reviewer}`);
      }
    } finally {
      release();
    }
  })();
  return true;
}

function rejectChange(ctx: ChangeContext, view: OrderChangeView, reason: string) {
  Object.assign(view, { status: 'cancelled', detail: reason });
  ctx.cancel(reason);
}
