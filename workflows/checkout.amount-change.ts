import type { CheckoutState } from '../src/domain/checkout';
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
 * The money side of an order change that lowers what the order costs: the one place that decides how. Not
 * charged yet: the charge will take the new amount. Charged (today's checkout captures in full at once):
 * the difference is refunded under `change:<changeId>`. Once payments authorize first and capture per
 * parcel, this is where the difference becomes a partial void of the authorization instead.
 * Returns what was refunded.
 */
export async function settleLoweredAmount(
  state: CheckoutState,
  newAmountMinor: number,
  changeId: string,
): Promise<number> {
  const before = state.amountDueMinor ?? state.totalMinor;
  state.amountDueMinor = newAmountMinor;
  if (state.capturedMinor === 0) {
    state.totalMinor = newAmountMinor;
    return 0;
  }
  return refundPart(state, `change:${changeId}`, before - newAmountMinor, `order change ${changeId}`);
}
