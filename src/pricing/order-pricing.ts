import type { OrderPricing, PricedLine, RateUsed } from '../domain/checkout';
import { sumMinor } from '../domain/money';
import { amountDue, type PaymentMethodKind } from '../domain/payment-methods';

/** The lines' total in minor units: quantity times the unit price, summed. */
export const subtotalOf = (lines: readonly PricedLine[]): number =>
  sumMinor(lines.map((line) => line.quantity * line.unitPriceMinor));

/**
 * An order's pricing: lines plus shipping, the payment method's surcharge or discount on that sum
 * (amountDue), the rates that priced the lines and the rate into the base currency.
 */
export function orderPricing(input: {
  currency: string;
  lines: readonly PricedLine[];
  shippingMinor: number;
  method: PaymentMethodKind;
  rates: RateUsed[];
  base: RateUsed;
}): OrderPricing {
  const due = amountDue({
    currency: input.currency,
    subtotalMinor: subtotalOf(input.lines),
    shippingMinor: input.shippingMinor,
    method: input.method,
  });
  return { ...due, paymentMethod: input.method, rates: input.rates, base: input.base };
}
