import { condition } from '@temporalio/workflow';
import type { CheckoutInput, CheckoutState } from '../src/domain/checkout';
import { OrderStatus } from '../src/domain/order-status';
import { run } from './checkout.activities';
import { closeRun, type Inbox } from './checkout.handlers';
import type { Recorder } from './checkout.recorder';
import { allReturned, formatMoney } from './checkout.state';

/** Refunds everything still captured under `refundId`, and marks a matching refund request as done. */
export async function refundAll(state: CheckoutState, refundId: string, reason: string): Promise<void> {
  const refund = await run('refundPayment', `Refund what is left (${reason})`, {
    orderId: state.orderId,
    refundId,
    amountMinor: null,
    reason,
  });
  state.refundedMinor += refund.amountMinor;
  const request = state.refunds.find((r) => r.refundId === refundId);
  if (request) Object.assign(request, { status: 'succeeded', amountMinor: refund.amountMinor });
}

/**
 * A cancellation after dispatch is a return: issue return labels, wait for the parcels to come back,
 * restock them and refund what is still captured.
 */
export async function runReturn(
  state: CheckoutState,
  input: CheckoutInput,
  record: Recorder,
  inbox: Inbox,
): Promise<CheckoutState> {
  const { orderId } = state;
  const labels = await run('createReturnShipments', 'Create return labels', {
    orderId,
    country: input.shippingAddress.country,
  });
  state.shipments.push(...labels);
  await record('return', 'started', state.status, labels.map((s) => s.trackingNumber).join(', '));
  const received = await condition(() => allReturned(state), input.timeouts.returnWindowMs, {
    summary: 'Wait for the returned parcels',
  });
  if (!received) {
    await record('return', 'failed', state.status, 'the parcels were not returned in time');
  } else {
    await run('restockReturn', 'Restock the returned goods', { orderId });
    await refundAll(state, state.cancellation?.refundId ?? `${orderId}:return`, 'goods returned');
    // A completed order stays completed; its refund fields show the return.
    const end = state.status === OrderStatus.completed ? OrderStatus.completed : OrderStatus.cancelled;
    await record(
      'return',
      'completed',
      end,
      `refunded, ${formatMoney(state.refundedMinor, state.currency)} in total`,
    );
  }
  await closeRun(state, inbox);
  return state;
}
