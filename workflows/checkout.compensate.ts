import { condition, log } from '@temporalio/workflow';
import type { CheckoutState } from '../src/domain/checkout';
import { FailureType } from '../src/domain/failure-types';
import { closeRun, type Inbox } from './checkout.handlers';
import type { Recorder } from './checkout.recorder';
import { describeFailure, statusForFailure } from './checkout.state';
import type { Compensations } from './compensations';
import { feature } from './features';

/** How compensation ended: everything undone, or the goods are travelling and a return must follow. */
export type CompensationOutcome = 'compensated' | 'return';

/**
 * Undoes the saga's steps after `failure`, newest first, recording each. Patched ('safe-compensation'):
 * it first waits for the handler queue (carrier updates, stock commits) to be idle, so the two never run
 * at once; and an outbound parcel the carrier already has (its label cannot be cancelled) stops the undo:
 * the card is not refunded nor the stock released while the goods travel, and the caller starts a return.
 */
export async function compensate(
  state: CheckoutState,
  saga: Compensations,
  record: Recorder,
  inbox: Inbox,
  failure: { type: string; message: string },
): Promise<CompensationOutcome> {
  state.failure = failure;
  log.warn('checkout failed, compensating', { orderId: state.orderId, ...failure });
  const safe = feature('safe-compensation');
  if (safe) await condition(inbox.idle);
  const { errors, halted } = await saga.run(
    (name, undoError) =>
      record(
        name,
        undoError ? 'failed' : 'compensated',
        state.status,
        undoError ? String(undoError) : undefined,
      ),
    (error) => safe && describeFailure(error).type === FailureType.ShipmentNotCancellable,
  );
  state.compensationErrors = errors;
  if (halted) {
    // The return that follows commits the travelling parcels' stock and releases the others'.
    state.failure = null;
    await record('cancel', 'received', state.status, 'a parcel is already travelling: this becomes a return');
    return 'return';
  }
  if (safe) {
    // cancelShipments voided every outbound label; late carrier events for them are now ignored.
    for (const shipment of state.shipments)
      if (shipment.kind === 'outbound' && shipment.status === 'label_created') shipment.status = 'cancelled';
  }
  await record('checkout', 'failed', statusForFailure(failure.type), failure.message);
  await closeRun(state, inbox);
  return 'compensated';
}
