import { condition, patched } from '@temporalio/workflow';
import type { CheckoutInput, CheckoutState } from '../src/domain/checkout';
import { flagAttention } from './checkout.attention';
import type { Recorder } from './checkout.recorder';
import { allDelivered } from './checkout.state';

/**
 * Waits until every parcel is delivered, receipt is confirmed, or a cancellation arrives. Patched
 * ('delivery-sla'): when the delivery SLA passes first, the order is flagged as needing attention (a
 * parcel may be lost) and the wait goes on, so support can act on it; older runs waited without a limit.
 */
export async function awaitDelivery(
  state: CheckoutState,
  input: CheckoutInput,
  record: Recorder,
): Promise<void> {
  const settled = () => allDelivered(state) || state.receiptConfirmed || state.cancellation !== null;
  const slaMs = input.timeouts.deliverySlaMs;
  if (slaMs && patched('delivery-sla')) {
    if (await condition(settled, slaMs, { summary: 'Wait for delivery (within the SLA)' })) return;
    const within = slaMs >= 86_400_000 ? `${Math.round(slaMs / 86_400_000)} days` : `${slaMs / 1000} s`;
    await flagAttention(
      state,
      record,
      `not delivered within the delivery SLA (${within}): a parcel may be lost`,
    );
  }
  await condition(settled);
}
