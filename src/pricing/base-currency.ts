import type { OrderPricing, RateUsed } from '../domain/checkout';
import { convertMinor } from '../domain/money';

/**
 * An order's amount in the base currency: at the rate stored with the order when it names this base, else
 * at today's rate (orders placed before rates were stored, or under another base), else null (no rate).
 */
export function inBaseCurrency(
  order: { amountMinor: number; currency: string; pricing?: Pick<OrderPricing, 'base'> | null },
  baseCurrency: string,
  currentRates: ReadonlyMap<string, RateUsed>,
): number | null {
  if (order.currency === baseCurrency) return order.amountMinor;
  const stored = order.pricing?.base;
  const rate =
    stored && stored.from === order.currency && stored.to === baseCurrency
      ? stored
      : currentRates.get(order.currency);
  return rate ? convertMinor(order.amountMinor, order.currency, baseCurrency, rate.rate) : null;
}
