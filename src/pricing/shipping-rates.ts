import type { RateUsed } from '../domain/checkout';
import { convertMinor } from '../domain/money';

/** A flat shipping rate: within a country we ship from, or abroad; free from a subtotal on. */
export interface ShippingRate {
  domesticMinor: number;
  internationalMinor: number;
  freeFromMinor: number;
}

/**
 * Shipping per cart currency, in that currency's minor units. A currency without its own row (KWD, say)
 * uses the USD row converted at the current rate, so it is priced like the rest of the cart.
 */
export const SHIPPING_RATES: Readonly<Record<string, ShippingRate>> = {
  USD: { domesticMinor: 599, internationalMinor: 1999, freeFromMinor: 7500 },
  EUR: { domesticMinor: 499, internationalMinor: 1799, freeFromMinor: 6000 },
  GBP: { domesticMinor: 449, internationalMinor: 1599, freeFromMinor: 5000 },
  JPY: { domesticMinor: 600, internationalMinor: 2500, freeFromMinor: 8000 },
};

/** The currency whose rates stand in for a currency without its own. */
export const SHIPPING_FALLBACK_CURRENCY = 'USD';

/** The shipping rate in a currency: its own row, or the fallback row converted at `rate` (fallback → currency). */
export function shippingRateIn(currency: string, rate?: RateUsed): ShippingRate | null {
  const own = SHIPPING_RATES[currency];
  if (own) return own;
  if (!rate) return null;
  const fallback = SHIPPING_RATES[SHIPPING_FALLBACK_CURRENCY]!;
  const convert = (minor: number) => convertMinor(minor, rate.from, currency, rate.rate);
  return {
    domesticMinor: convert(fallback.domesticMinor),
    internationalMinor: convert(fallback.internationalMinor),
    freeFromMinor: convert(fallback.freeFromMinor),
  };
}

/** What shipping costs for a subtotal: free from the threshold, else the domestic or international rate. */
export function shippingMinor(rate: ShippingRate, subtotalMinor: number, domestic: boolean): number {
  if (subtotalMinor >= rate.freeFromMinor) return 0;
  return domestic ? rate.domesticMinor : rate.internationalMinor;
}
