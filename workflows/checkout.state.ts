import type { CheckoutInput, CheckoutState, ShipmentView } from '../src/domain/checkout';
import { FailureType } from '../src/domain/failure-types';
import { OrderStatus } from '../src/domain/order-status';

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

const outbound = (state: CheckoutState) =>
  state.shipments.filter((s) => s.kind === 'outbound' && s.status !== 'cancelled');
const returns = (state: CheckoutState) => state.shipments.filter((s) => s.kind === 'return');

/** Money still captured and not yet refunded (or being refunded). */
export function refundableMinor(state: CheckoutState): number {
  const inFlight = state.refunds
    .filter((r) => r.status === 'requested')
    .reduce((sum, r) => sum + r.amountMinor, 0);
  return state.capturedMinor - state.refundedMinor - inFlight;
}

/** True once any parcel has left a warehouse: from then on a cancellation becomes a return. */
export function isDispatched(state: CheckoutState): boolean {
  return outbound(state).some((s) => s.status === 'in_transit' || s.status === 'delivered');
}

export function allDelivered(state: CheckoutState): boolean {
  const parcels = outbound(state);
  return parcels.length > 0 && parcels.every((s) => s.status === 'delivered');
}

export function allReturned(state: CheckoutState): boolean {
  const parcels = returns(state);
  return parcels.length > 0 && parcels.every((s) => s.status === 'delivered');
}

/** Applies a carrier status to the matching shipment; returns it, or undefined if it is not ours. */
export function applyCarrierStatus(
  state: CheckoutState,
  trackingNumber: string,
  status: ShipmentView['status'],
): ShipmentView | undefined {
  const shipment = state.shipments.find((s) => s.trackingNumber === trackingNumber);
  // Statuses only move forward: a late in_transit never overwrites delivered.
  const rank = { label_created: 0, in_transit: 1, delivered: 2, cancelled: 3 } as const;
  if (!shipment || rank[status] <= rank[shipment.status]) return undefined;
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
