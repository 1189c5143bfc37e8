// Pure rules of order changes and parcel refunds, shared by the workflow (deterministic) and the API.
import type { AllocationPickView, CheckoutInput, CheckoutState, PricedLine } from './checkout';
import { sumMinor } from './money';
import { amountDue, type PaymentMethodKind } from './payment-methods';

/** Units of one SKU to take back from one warehouse's reservation. */
export interface UnitRelease {
  warehouseId: string;
  sku: string;
  quantity: number;
}

/**
 * What the order costs for these lines: each at its unit price, plus shipping, then the payment method's fee
 * on that sum (payment-methods.ts, rounded per currency).
 */
export function amountForLines(
  lines: readonly Pick<PricedLine, 'quantity' | 'unitPriceMinor'>[],
  pricing: { currency: string; method: PaymentMethodKind; shippingMinor?: number },
): number {
  if (lines.length === 0) return 0;
  const subtotalMinor = sumMinor(lines.map((line) => line.quantity * line.unitPriceMinor));
  return amountDue({
    currency: pricing.currency,
    subtotalMinor,
    shippingMinor: pricing.shippingMinor ?? 0,
    method: pricing.method,
  }).amountDueMinor;
}

/**
 * How an order's lines are priced into its amount: its currency and method, and the shipping quoted at
 * checkout (which a change leaves as it was; orders placed without pricing had none).
 */
export function pricingOf(
  state: Pick<CheckoutState, 'currency'>,
  input: Pick<CheckoutInput, 'payment' | 'pricing'>,
): { currency: string; method: PaymentMethodKind; shippingMinor: number } {
  return {
    currency: state.currency,
    method: input.payment.method,
    shippingMinor: input.pricing?.shippingMinor ?? 0,
  };
}

/** The lines after removing a line (quantity 0) or lowering its quantity. */
export function linesAfter(lines: readonly PricedLine[], sku: string, quantity: number): PricedLine[] {
  return lines.flatMap((line) => (line.sku !== sku ? [line] : quantity > 0 ? [{ ...line, quantity }] : []));
}

/**
 * Which reserved units to release so the picks hold no more than the lines ask for. Per SKU, the costliest
 * picks give back first (the farthest warehouse, then the higher id), so what stays is the cheapest to ship.
 * Returns the releases and the picks that remain.
 */
export function releasesFor(
  picks: readonly AllocationPickView[],
  lines: readonly Pick<PricedLine, 'sku' | 'quantity'>[],
): { releases: UnitRelease[]; picks: AllocationPickView[] } {
  const wanted = new Map(lines.map((line) => [line.sku, line.quantity]));
  const held = new Map<string, number>();
  for (const pick of picks) held.set(pick.sku, (held.get(pick.sku) ?? 0) + pick.quantity);
  const excess = new Map([...held].map(([sku, units]) => [sku, Math.max(units - (wanted.get(sku) ?? 0), 0)]));
  const costliestFirst = [...picks].sort(
    (a, b) => b.unitCost - a.unitCost || b.warehouseId.localeCompare(a.warehouseId),
  );
  const releases: UnitRelease[] = [];
  const remaining = new Map(picks.map((pick) => [pick, pick.quantity]));
  for (const pick of costliestFirst) {
    const quantity = Math.min(excess.get(pick.sku) ?? 0, pick.quantity);
    if (quantity === 0) continue;
    excess.set(pick.sku, excess.get(pick.sku)! - quantity);
    remaining.set(pick, pick.quantity - quantity);
    releases.push({ warehouseId: pick.warehouseId, sku: pick.sku, quantity });
  }
  const kept = picks
    .map((pick) => ({ ...pick, quantity: remaining.get(pick)! }))
    .filter((pick) => pick.quantity > 0);
  return { releases, picks: kept };
}

/** What a parcel's units cost the customer, as its lines' share of the amount due. */
export function parcelValueMinor(
  lines: readonly PricedLine[],
  units: readonly { sku: string; quantity: number }[],
  pricing: { currency: string; method: PaymentMethodKind },
): number {
  let rest = lines;
  for (const unit of units) {
    const line = rest.find((l) => l.sku === unit.sku);
    if (line) rest = linesAfter(rest, unit.sku, Math.max(line.quantity - unit.quantity, 0));
  }
  return amountForLines(lines, pricing) - amountForLines(rest, pricing);
}
