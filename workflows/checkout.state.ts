import type { CheckoutInput, CheckoutState, ShipmentStatus, ShipmentView } from '../src/domain/checkout';
import { FailureType } from '../src/domain/failure-types';
import { OrderStatus } from '../src/domain/order-status';
import { holdsAmount } from '../src/domain/refund-applications';

/** The state a new checkout starts from. */
export function initialState(input: CheckoutInput): CheckoutState {
  return {
    orderId: input.orderId,
    customerId: input.customerId,
    status: OrderStatus.pending,
    currency: input.currency,
    totalMinor: input.totalMinor,
    capturedMinor: 0,
    refundedMinor: 0,
    allocation: null,
    risk: null,
    payment: null,
    shipments: [],
    refunds: [],
    cancellation: null,
    failure: null,
    compensationErrors: [],
    timeline: [],
    receiptConfirmed: false,
    returnWindowEndsAt: null,
  };
}

/** Makes a new run's order changeable before dispatch: its lines, address and changes live in the state. */
export function acceptChanges(state: CheckoutState, input: CheckoutInput): void {
  Object.assign(state, {
    lines: input.lines,
    shippingAddress: input.shippingAddress,
    changes: [],
    revision: 0,
    stockRevision: 0,
    changeReview: null,
  });
}

const outbound = (state: CheckoutState) =>
  state.shipments.filter((s) => s.kind === 'outbound' && s.status !== 'cancelled');
// A refund application's return parcels are its own business, never the whole-order return's.
const returns = (state: CheckoutState) =>
  state.shipments.filter((s) => s.kind === 'return' && !s.applicationId);

/**
 * Money still captured and not yet refunded, being refunded, or held by an approved refund application
 * (runs from before applications hold nothing, so their answer is unchanged).
 */
export function refundableMinor(state: CheckoutState): number {
  const inFlight = state.refunds
    .filter((r) => r.status === 'requested')
    .reduce((sum, r) => sum + r.amountMinor, 0);
  const held = (state.refundApplications ?? [])
    .filter((a) => holdsAmount(a.status))
    .reduce((sum, a) => sum + a.amountMinor, 0);
  return state.capturedMinor - state.refundedMinor - inFlight - held;
}

/** Statuses of a parcel the carrier has (it left the warehouse, whatever happened to it since). */
const LEFT: readonly ShipmentStatus[] = [
  'in_transit',
  'exception',
  'delivered',
  'lost',
  'returned_to_sender',
];

/** True once any parcel has left a warehouse: from then on a cancellation becomes a return. */
export function isDispatched(state: CheckoutState): boolean {
  return outbound(state).some((s) => LEFT.includes(s.status));
}

/** A parcel nobody waits for any more: delivered, or lost or sent back and settled (refunded or reshipped). */
const settled = (s: ShipmentView) => s.status === 'delivered' || s.resolution !== undefined;

/** Every parcel is delivered or settled: the wait for delivery is over. */
export function allSettled(state: CheckoutState): boolean {
  const parcels = outbound(state);
  return parcels.length > 0 && parcels.every(settled);
}

/** Every parcel is settled and at least one reached the customer: the order is delivered. */
export function allDelivered(state: CheckoutState): boolean {
  return allSettled(state) && outbound(state).some((s) => s.status === 'delivered');
}

export function allReturned(state: CheckoutState): boolean {
  const parcels = returns(state);
  return parcels.length > 0 && parcels.every((s) => s.status === 'delivered');
}

// Statuses only move forward; a parcel in transit and one held by an exception may alternate.
const RANK: Record<ShipmentStatus, number> = {
  label_created: 0,
  in_transit: 1,
  exception: 1,
  delivered: 2,
  lost: 2,
  returned_to_sender: 2,
  cancelled: 3,
};

/** Applies a carrier status to the matching shipment; returns it, or undefined if it is not ours or stale. */
export function applyCarrierStatus(
  state: CheckoutState,
  trackingNumber: string,
  status: ShipmentStatus,
): ShipmentView | undefined {
  const shipment = state.shipments.find((s) => s.trackingNumber === trackingNumber);
  // A late in_transit never overwrites delivered.
  if (!shipment || status === shipment.status) return undefined;
  const forward = RANK[status] > RANK[shipment.status] || (RANK[status] === 1 && RANK[shipment.status] === 1);
  if (!forward) return undefined;
  shipment.status = status;
  return shipment;
}

/** What the units allocated to the given warehouses cost the customer. */
export function valueFrom(state: CheckoutState, input: CheckoutInput, warehouses: Set<string>): number {
  const price = new Map(input.lines.map((line) => [line.sku, line.unitPriceMinor]));
  return (state.allocation?.picks ?? [])
    .filter((pick) => warehouses.has(pick.warehouseId))
    .reduce((sum, pick) => sum + pick.quantity * (price.get(pick.sku) ?? 0), 0);
}

/** Which end status a saga failure leads to. */
export function statusForFailure(type: string): OrderStatus {
  if (endsAsCancelled(type)) return OrderStatus.cancelled;
  if (type === FailureType.RiskRejected) return OrderStatus.rejected;
  return OrderStatus.failed;
}

/**
 * Failures that end the order as cancelled, the run completing normally: a cancellation, and a payment the
 * customer never completed (no result before the deadline, no retry after a decline within the window).
 */
export const endsAsCancelled = (type: string): boolean =>
  type === FailureType.Cancelled || type === FailureType.PaymentNotCompleted;

/** The FailureType of an error reaching the workflow: its own ApplicationFailure or an activity's cause. */
export function describeFailure(error: unknown): { type: string; message: string } {
  const failure = error as { type?: string; message?: string; cause?: { type?: string; message?: string } };
  const type = failure.type ?? failure.cause?.type ?? 'Error';
  const message = failure.cause?.message ?? failure.message ?? String(error);
  return { type, message };
}

// Summaries in the Temporal UI format money with the currency's own exponent (JPY 0, KWD 3).
export { formatMoney } from '../src/domain/money';
