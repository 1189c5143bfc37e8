import { condition } from '@temporalio/workflow';
import { cardOf, type OrderChangeView } from '../src/domain/checkout';
import { OrderStatus } from '../src/domain/order-status';
import { run } from './checkout.activities';
import { clearAttention, flagAttention } from './checkout.attention';
import { planCaptures } from './checkout.capture';
import { labelled, lockFor, nextRevision, type ChangeContext } from './checkout.change-context';
import type { AddressChange, ChangeResult } from './checkout.messages';

/**
 * A new address: labels already made are voided, the stock re-allocated for it (warehouses may change), new
 * labels made if there were any, and the risk check run again once it had run (see reassessRisk).
 */
export async function changeAddress(ctx: ChangeContext, change: AddressChange): Promise<ChangeResult> {
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
      // The new parcels carry the amount now: without shares they would never be captured.
      if (state.paymentDetails) planCaptures(state, input);
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
    card: cardOf(input.payment),
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
