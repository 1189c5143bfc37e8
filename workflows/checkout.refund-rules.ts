import type { CheckoutState, PricedLine } from '../src/domain/checkout';
import { shareOf, sumMinor } from '../src/domain/money';
import { hasEnded } from '../src/domain/order-status';
import {
  ApplicationStatus,
  holdsAmount,
  isAwaitingDecision,
  isPending,
  type ApplicationLine,
  type RefundApplication,
  type RefundApplicationRequest,
  type ReturnParcel,
} from '../src/domain/refund-applications';
import { isDispatched, refundableMinor } from './checkout.state';

// The rules of refund applications, shared by the workflow (which decides) and the API (which answers a
// clear 4xx for what the workflow would refuse anyway). Pure functions of the order's state.

const applicationsOf = (state: CheckoutState) => state.refundApplications ?? [];
const NOT_COUNTED: readonly string[] = [ApplicationStatus.rejected, ApplicationStatus.returnLapsed];

/** What a refusal is about: bad input for this order (400) or a state that does not allow it (409). */
export interface Refusal {
  kind: 'invalid' | 'conflict';
  field?: string;
  message: string;
}

/** What an acceptable application will refund, and whether the goods come back first. */
export interface Assessment {
  amountMinor: number;
  valueMinor: number;
  needsReturn: boolean;
}

/** The order's lines as placed, with their prices: what applications are measured against. */
export type OrderLines = readonly PricedLine[];

/** List value of lines at the prices the order was placed at. */
export function linesValueMinor(orderLines: OrderLines, lines: readonly ApplicationLine[]): number {
  const price = new Map(orderLines.map((line) => [line.sku, line.unitPriceMinor]));
  return sumMinor(lines.map((line) => line.quantity * (price.get(line.sku) ?? 0)));
}

/** List value of lines whose refund is fixed: approved, being refunded or refunded. */
function fixedValueMinor(state: CheckoutState, except?: string): number {
  return applicationsOf(state)
    .filter((a) => a.applicationId !== except && a.kind === 'lines')
    .filter((a) => holdsAmount(a.status) || a.status === 'refunding' || a.status === 'refunded')
    .reduce((sum, a) => sum + (a.valueMinor ?? 0), 0);
}

/**
 * The rule for a refund of lines: their share of what the order costs (`totalMinor`, the amount paid),
 * in proportion to their list value among all lines. Shares are taken cumulatively (all lines fixed so
 * far, with and without these), each apportioned by dinero's allocate, so refunding every line of an
 * order, in any number of applications, refunds exactly the amount paid, never a unit more.
 */
export function linesRefundMinor(
  state: CheckoutState,
  orderLines: OrderLines,
  lines: readonly ApplicationLine[],
  except?: string,
): number {
  const whole = linesValueMinor(orderLines, orderLines);
  const before = Math.min(fixedValueMinor(state, except), whole);
  const after = Math.min(before + linesValueMinor(orderLines, lines), whole);
  return (
    shareOf(state.totalMinor, after, whole, state.currency) -
    shareOf(state.totalMinor, before, whole, state.currency)
  );
}

/**
 * What applications may still claim: refundable money (captured − refunded − in flight − approved holds)
 * less what other applications waiting for a decision ask for. So concurrent applications never add up
 * past what is refundable; each is checked again when approved.
 */
export function claimableMinor(state: CheckoutState, except?: string): number {
  const waiting = applicationsOf(state)
    .filter((a) => a.applicationId !== except && isAwaitingDecision(a.status))
    .reduce((sum, a) => sum + a.amountMinor, 0);
  return refundableMinor(state) - waiting;
}

/** Units of a SKU bought minus those already in applications that still count. */
function unitsLeft(state: CheckoutState, orderLines: OrderLines, sku: string): number {
  const bought = orderLines.filter((l) => l.sku === sku).reduce((sum, l) => sum + l.quantity, 0);
  const applied = applicationsOf(state)
    .filter((a) => !NOT_COUNTED.includes(a.status))
    .flatMap((a) => a.lines)
    .filter((l) => l.sku === sku)
    .reduce((sum, l) => sum + l.quantity, 0);
  return bought - applied;
}

/**
 * Which warehouses the returned units go back to: those whose parcels left, in warehouse order, less the
 * units other applications already send back there. Undefined when the units have not all left yet.
 */
export function planReturnParcels(
  state: CheckoutState,
  lines: readonly ApplicationLine[],
): Omit<ReturnParcel, 'trackingNumber'>[] | undefined {
  const left = new Set(
    state.shipments
      .filter((s) => s.kind === 'outbound' && (s.status === 'in_transit' || s.status === 'delivered'))
      .map((s) => s.warehouseId),
  );
  const taken = new Map<string, number>();
  for (const parcel of applicationsOf(state)
    .filter((a) => !NOT_COUNTED.includes(a.status))
    .flatMap((a) => a.parcels))
    for (const line of parcel.lines) {
      const key = `${parcel.warehouseId}/${line.sku}`;
      taken.set(key, (taken.get(key) ?? 0) + line.quantity);
    }
  const parcels = new Map<string, ApplicationLine[]>();
  for (const line of lines) {
    let missing = line.quantity;
    const picks = (state.allocation?.picks ?? [])
      .filter((p) => p.sku === line.sku && left.has(p.warehouseId))
      .sort((a, b) => a.warehouseId.localeCompare(b.warehouseId));
    for (const pick of picks) {
      const key = `${pick.warehouseId}/${pick.sku}`;
      const quantity = Math.min(missing, pick.quantity - (taken.get(key) ?? 0));
      if (quantity <= 0) continue;
      taken.set(key, (taken.get(key) ?? 0) + quantity);
      parcels.set(pick.warehouseId, [...(parcels.get(pick.warehouseId) ?? []), { sku: line.sku, quantity }]);
      missing -= quantity;
    }
    if (missing > 0) return undefined;
  }
  return [...parcels.entries()].map(([warehouseId, parcelLines]) => ({ warehouseId, lines: parcelLines }));
}

/** Why the order takes no application now, or null when it does. */
export function refusesApplications(state: CheckoutState, now: number): string | null {
  if (state.closing || hasEnded(state.status) || state.cancellation)
    return `the order is ${state.cancellation ? 'being cancelled' : state.status}: it takes no refund applications`;
  // Before dispatch the customer cancels or changes the order instead; applications are for goods sent.
  if (!isDispatched(state))
    return 'no parcel has left the warehouse yet: cancel or change the order instead of applying for a refund';
  if (state.returnWindowEndsAt && now > Date.parse(state.returnWindowEndsAt))
    return `the return window closed at ${state.returnWindowEndsAt}`;
  return null;
}

/** Checks an application against the order: what it refunds, or why it is refused (field named). */
export function assessApplication(
  state: CheckoutState,
  orderLines: OrderLines,
  request: Omit<RefundApplicationRequest, 'filedBy' | 'applicationId'>,
  now: number,
): Assessment | Refusal {
  const refused = refusesApplications(state, now);
  if (refused) return { kind: 'conflict', message: refused };
  const claimable = Math.max(claimableMinor(state), 0);
  if (request.lines) {
    const seen = new Set<string>();
    for (const [index, line] of request.lines.entries()) {
      const field = `lines[${index}]`;
      if (!orderLines.some((l) => l.sku === line.sku))
        return { kind: 'invalid', field: `${field}.sku`, message: `${line.sku} is not in this order` };
      if (seen.has(line.sku))
        return { kind: 'invalid', field: `${field}.sku`, message: `${line.sku} is listed twice` };
      seen.add(line.sku);
      const left = unitsLeft(state, orderLines, line.sku);
      if (line.quantity > left)
        return {
          kind: 'conflict',
          field: `${field}.quantity`,
          message: `only ${Math.max(left, 0)} unit(s) of ${line.sku} are left to apply for`,
        };
    }
    const needsReturn = !request.keepItems;
    if (needsReturn && !planReturnParcels(state, request.lines))
      return {
        kind: 'conflict',
        field: 'lines',
        message: 'some of these units have not left the warehouse yet',
      };
    const amountMinor = linesRefundMinor(state, orderLines, request.lines);
    if (amountMinor > claimable)
      return {
        kind: 'conflict',
        field: 'lines',
        message: `refund of ${amountMinor} exceeds the refundable ${claimable}`,
      };
    return { amountMinor, valueMinor: linesValueMinor(orderLines, request.lines), needsReturn };
  }
  const amountMinor = request.amountMinor ?? 0;
  if (amountMinor > claimable)
    return {
      kind: 'conflict',
      field: 'amountMinor',
      message: `amountMinor ${amountMinor} exceeds the refundable ${claimable}`,
    };
  return { amountMinor, valueMinor: 0, needsReturn: false };
}

/** True when the assessment refused the application. */
export const isRefusal = (outcome: Assessment | Refusal): outcome is Refusal => 'kind' in outcome;

/** True while any application is in progress: the run stays open for it and does not continue as new. */
export const hasPendingApplications = (state: CheckoutState) =>
  applicationsOf(state).some((a) => isPending(a.status));

/** The application of that id, if the order has one. */
export const applicationOf = (state: CheckoutState, id: string): RefundApplication | undefined =>
  applicationsOf(state).find((a) => a.applicationId === id);
