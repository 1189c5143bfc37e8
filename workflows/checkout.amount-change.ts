import type { CheckoutInput, CheckoutState } from '../src/domain/checkout';
import { lowerAuthorization } from './checkout.capture';
import type { Recorder } from './checkout.recorder';
import { run } from './checkout.activities';
import { formatMoney, refundableMinor } from './checkout.state';

/**
 * Refunds part of what was captured under `refundId` (never more than is still refundable), and lists it
 * with the order's refunds so it is readable and counted against what is left. Returns what was refunded.
 */
export async function refundPart(
  state: CheckoutState,
  refundId: string,
  amountMinor: number,
  reason: string,
): Promise<number> {
  const amount = Math.min(amountMinor, refundableMinor(state));
  if (amount <= 0) return 0;
  const entry = { refundId, amountMinor: amount, reason, status: 'requested' as const };
  state.refunds.push(entry);
  const result = await run('refundPayment', `Refund ${formatMoney(amount, state.currency)} (${reason})`, {
    orderId: state.orderId,
    refundId,
    amountMinor: amount,
    reason,
  });
  Object.assign(entry, { status: 'succeeded', amountMinor: result.amountMinor });
  state.refundedMinor += result.amountMinor;
  return result.amountMinor;
}

/**
 * The money side of an order change that lowers what the order costs: the one place that decides how.
 * Authorize-then-capture: the hold is lowered (a partial void: see lowerAuthorization), nothing refunded.
 * Runs that charge in one step: not charged yet, the charge will take the new amount; charged, the
 * difference is refunded under `change:<changeId>`. Returns what was refunded.
 */
export async function settleLoweredAmount(
  ctx: { state: CheckoutState; input: CheckoutInput; record: Recorder },
  newAmountMinor: number,
  changeId: string,
): Promise<number> {
  const { state } = ctx;
  const before = state.amountDueMinor ?? state.totalMinor;
  state.amountDueMinor = newAmountMinor;
  if (state.paymentDetails) {
    await lowerAuthorization(state, ctx.input, ctx.record, newAmountMinor);
    return 0;
  }
  if (state.capturedMinor === 0) {
    state.totalMinor = newAmountMinor;
    return 0;
  }
  return refundPart(state, `change:${changeId}`, before - newAmountMinor, `order change ${changeId}`);
}
