import { condition } from '@temporalio/workflow';
import type { CheckoutInput, CheckoutState } from '../src/domain/checkout';
import { flagAttention } from './checkout.attention';
import type { Recorder } from './checkout.recorder';
import { allSettled } from './checkout.state';
import { feature } from './features';

/**
 * Waits until every parcel is delivered (or, lost or sent back, settled by a refund or a reshipment), receipt is confirmed, or a cancellation arrives. Patched
 * ('delivery-sla'): when the delivery SLA passes first, the order is flagged as needing attention (a
 * parcel may be lost) and the wait goes on, so support can act on it; older runs waited without a limit.
 */
export function awaitDelivery(state: CheckoutState, input: CheckoutInput, record: Recorder): Promise<void> {
  const settled = () => allSettled(state) || state.receiptConfirmed || state.cancellation !== null;
  const slaMs = input.timeouts.deliverySlaMs;
  // Without the SLA this returns the condition itself, not an async wrapper around it: an extra async
  // layer would reorder commands within an activation, and older histories would no longer replay.
  if (!slaMs || !feature('delivery-sla')) return condition(settled);
  return (async () => {
    if (await condition(settled, slaMs, { summary: 'Wait for delivery (within the SLA)' })) return;
    const within = slaMs >= 86_400_000 ? `${Math.round(slaMs / 86_400_000)} days` : `${slaMs / 1000} s`;
    await flagAttention(
      state,
      record,
      `not delivered within the delivery SLA (${within}): a parcel may be lost`,
    );
    await condition(settled);
  })();
}
