import type { CheckoutInput, CheckoutState } from '../src/domain/checkout';
import { run } from './checkout.activities';
import { captureParcel } from './checkout.capture';
import type { CarrierEvent } from './checkout.messages';
import type { Recorder } from './checkout.recorder';
import { applyCarrierStatus } from './checkout.state';
import { createCarrierExceptions, EXCEPTIONAL_STATUSES } from './checkout.carrier-exceptions';
import type { SerialQueue } from './serial-queue';
import { feature } from './features';

/** Applies carrier events to the order; see {@link createCarrierHandler}. */
export interface CarrierHandler {
  onEvent(event: CarrierEvent): void;
  /** Applies events that arrived before their parcel was known; call once shipments are added. */
  applyPending(): void;
}

/**
 * Carrier events move a parcel's status forward and queue the side effects: the shipment row, and (for an
 * outbound parcel leaving) committing that parcel's stock. Patched ('buffer-unknown-carrier-events'): an
 * event for a tracking number the run does not know yet (its label was created but the activity's result
 * has not arrived) is kept and applied once the shipments are known, instead of being dropped.
 */
export function createCarrierHandler(
  state: CheckoutState,
  input: CheckoutInput,
  record: Recorder,
  queue: SerialQueue,
): CarrierHandler {
  const apply = (event: CarrierEvent) => {
    const { trackingNumber, status } = event;
    const shipment = applyCarrierStatus(state, trackingNumber, status);
    if (!shipment) return;
    queue.push(async () => {
      await run('markShipment', `Carrier: ${trackingNumber} ${status}`, { trackingNumber, status });
      // Only this parcel's units: those of its warehouse and reservation revision (a reshipment's own).
      if (shipment.kind === 'outbound')
        await run('commitStock', `Commit stock: the parcel from ${shipment.warehouseId} has left`, {
          orderId: state.orderId,
          warehouseId: shipment.warehouseId,
          revision: shipment.revision ?? 0,
        });
      // Authorize-then-capture: the parcel is handed over, so its share is captured (once).
      if (shipment.kind === 'outbound' && state.paymentDetails) await captureParcel(state, record, shipment);
      await record(
        'carrier',
        'received',
        state.status,
        `${trackingNumber} ${status}${event.detail ? `: ${event.detail}` : ''}`,
      );
    });
    if (shipment.kind === 'outbound') exceptions.follow(shipment, event);
  };
  const exceptions = createCarrierExceptions({
    state,
    input,
    record,
    queue,
    applyPending: () => handler.applyPending(),
  });
  const handler: CarrierHandler = {
    onEvent(event) {
      // Patched: these statuses (and their consequences) are new; older runs never received them.
      if (EXCEPTIONAL_STATUSES.includes(event.status) && !feature('carrier-exceptions')) return;
      const known = state.shipments.some((s) => s.trackingNumber === event.trackingNumber);
      if (!known && feature('buffer-unknown-carrier-events')) {
        (state.pendingCarrierEvents ??= []).push(event);
        return;
      }
      apply(event);
    },
    applyPending() {
      const pending = state.pendingCarrierEvents ?? [];
      state.pendingCarrierEvents = [];
      for (const event of pending) {
        if (state.shipments.some((s) => s.trackingNumber === event.trackingNumber)) apply(event);
        else state.pendingCarrierEvents.push(event);
      }
    },
  };
  return handler;
}
