import { setHandler, TemporalFailure } from '@temporalio/workflow';
import type { CheckoutInput, CheckoutState, ShipmentView } from '../src/domain/checkout';
import { FailureType } from '../src/domain/failure-types';
import { parcelValueMinor, pricingOf } from '../src/domain/order-change';
import { run } from './checkout.activities';
import { refundPart } from './checkout.amount-change';
import { clearAttention, flagAttention } from './checkout.attention';
import { lostParcelUpdate, type CarrierEvent, type LostParcelDecision } from './checkout.messages';
import { alreadyDone, refuse } from './checkout.commands';
import type { Recorder } from './checkout.recorder';
import { describeFailure } from './checkout.state';
import type { SerialQueue } from './serial-queue';

/** The carrier statuses that need action, added by the patch 'carrier-exceptions'. */
export const EXCEPTIONAL_STATUSES: readonly CarrierEvent['status'][] = [
  'exception',
  'lost',
  'returned_to_sender',
];

const exceptionReason = (s: ShipmentView) =>
  `parcel ${s.trackingNumber}: carrier exception: ${s.exceptionDetail}`;
const lostReason = (s: ShipmentView) => `parcel ${s.trackingNumber} lost: support decides (refund or reship)`;

export interface CarrierExceptions {
  /** The consequences of a parcel's new status; queued after the carrier update itself. */
  follow(shipment: ShipmentView, event: CarrierEvent): void;
}

/**
 * What exceptional carrier statuses lead to. `exception`: the order is flagged NeedsAttention with the
 * carrier's detail and the wait goes on; the parcel moving again (in transit, delivered) takes the flag down.
 * `lost`: flagged for support, who decide through `decideLostParcel` (refund that parcel's lines, or send
 * them again from available stock). `returned_to_sender`: the parcel's units are restocked and refunded at
 * once (a customer who still wants them orders again; support needs no decision for goods back on the shelf).
 */
export function createCarrierExceptions(ctx: {
  state: CheckoutState;
  input: CheckoutInput;
  record: Recorder;
  queue: SerialQueue;
  applyPending: () => void;
}): CarrierExceptions {
  const { state, input, record, queue } = ctx;
  const { orderId } = state;
  const pricing = pricingOf(state, input);
  const revisionOf = (s: ShipmentView) => s.revision ?? 0;

  /** Refunds a parcel's units, valued as their lines' share of the amount due. */
  async function refundParcel(
    shipment: ShipmentView,
    units: { sku: string; quantity: number }[],
    why: string,
  ) {
    const value = parcelValueMinor(state.lines ?? input.lines, units, pricing);
    await refundPart(state, `parcel:${shipment.trackingNumber}`, value, why);
    shipment.resolution = 'refunded';
  }

  const contentsOf = async (shipment: ShipmentView) =>
    (
      await run('parcelContents', `What parcel ${shipment.trackingNumber} held`, {
        orderId,
        warehouseId: shipment.warehouseId,
        revision: revisionOf(shipment),
      })
    ).units;

  /** Sends a lost parcel's units again; false when the stock is not there (the caller refunds instead). */
  async function reship(shipment: ShipmentView, units: { sku: string; quantity: number }[]) {
    const revision = (state.revision ?? 0) + 1;
    state.revision = revision;
    try {
      await run('reserveReshipment', `Reserve stock to send parcel ${shipment.trackingNumber} again`, {
        orderId,
        revision,
        strategy: input.allocationStrategy,
        lines: units,
      });
    } catch (error) {
      if (error instanceof TemporalFailure && describeFailure(error).type === FailureType.OutOfStock)
        return false;
      throw error;
    }
    const labels = await run('createShipments', 'Label the reshipment', { orderId, revision });
    state.shipments.push(...labels.map((label) => ({ ...label, revision })));
    ctx.applyPending();
    shipment.resolution = 'reshipped';
    await record(
      'lost parcel',
      'completed',
      state.status,
      `${shipment.trackingNumber} reshipped as ${labels.map((l) => l.trackingNumber).join(', ')}`,
    );
    return true;
  }

  function decideLost({ trackingNumber, decision, decidedBy }: LostParcelDecision) {
    const shipment = state.shipments.find((s) => s.trackingNumber === trackingNumber)!;
    shipment.decision = decision;
    queue.push(async () => {
      await record('lost parcel', 'received', state.status, `${trackingNumber}: ${decision} by ${decidedBy}`);
      const units = await contentsOf(shipment);
      if (decision === 'refund' || !(await reship(shipment, units))) {
        await refundParcel(shipment, units, `parcel ${trackingNumber} lost`);
        await record('lost parcel', 'completed', state.status, `${trackingNumber} refunded`);
      }
      await clearAttention(
        state,
        record,
        lostReason(shipment),
        `parcel ${trackingNumber} settled: ${shipment.resolution}`,
      );
    });
  }
  registerLostParcelCommand(state, decideLost);

  return {
    follow(shipment, { status, detail }) {
      if (status === 'exception') {
        shipment.exceptionDetail = detail ?? 'no detail given';
        const reason = exceptionReason(shipment);
        queue.push(() => flagAttention(state, record, reason));
      } else if (shipment.exceptionDetail !== undefined) {
        // Moving again (or lost, or sent back): the exception is over.
        const reason = exceptionReason(shipment);
        delete shipment.exceptionDetail;
        queue.push(() =>
          clearAttention(state, record, reason, `parcel ${shipment.trackingNumber} ${status}`),
        );
      }
      if (status === 'lost') queue.push(() => flagAttention(state, record, lostReason(shipment)));
      if (status === 'returned_to_sender')
        queue.push(async () => {
          const { units } = await run(
            'restockParcel',
            `Restock parcel ${shipment.trackingNumber}, sent back`,
            {
              orderId,
              warehouseId: shipment.warehouseId,
              revision: revisionOf(shipment),
            },
          );
          await refundParcel(shipment, units, `parcel ${shipment.trackingNumber} returned to sender`);
          await record(
            'returned to sender',
            'completed',
            state.status,
            `${shipment.trackingNumber} restocked and refunded`,
          );
        });
    },
  };
}

/** Support's decision on a lost parcel, as an Update: refused (409) unless the parcel is lost and undecided. */
function registerLostParcelCommand(state: CheckoutState, decide: (decision: LostParcelDecision) => void) {
  setHandler(
    lostParcelUpdate,
    (decision) => {
      decide(decision);
      return { status: state.status };
    },
    {
      validator: ({ trackingNumber, decision }: LostParcelDecision) => {
        const shipment = state.shipments.find(
          (s) => s.trackingNumber === trackingNumber && s.kind === 'outbound',
        );
        if (!shipment) throw refuse(`no outbound parcel ${trackingNumber} in this order`);
        if (shipment.decision === decision) throw alreadyDone(`already decided: ${decision}`);
        if (shipment.decision)
          throw refuse(`parcel ${trackingNumber} was already decided: ${shipment.decision}`);
        if (shipment.status !== 'lost')
          throw refuse(`parcel ${trackingNumber} is ${shipment.status}, not lost`);
        if (state.closing) throw refuse('the order is closing');
      },
    },
  );
}
