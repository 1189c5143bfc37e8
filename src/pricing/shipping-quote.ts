import type { Knex } from 'knex';
import type { RateUsed } from '../domain/checkout';
import { findRate } from './exchange-rates';
import { SHIPPING_FALLBACK_CURRENCY, SHIPPING_RATES, shippingMinor, shippingRateIn } from './shipping-rates';

/** What shipping a subtotal to a country costs in a currency, and the rate used when the table was converted. */
export interface ShippingQuote {
  shippingMinor: number;
  /** Whether a warehouse is in the destination country (the domestic rate). */
  domestic: boolean;
  freeFromMinor: number;
  rate: RateUsed | null;
}

/** Quotes shipping; null when the currency has no rates of its own and no rate from the fallback currency. */
export async function quoteShipping(
  db: Knex,
  currency: string,
  country: string,
  subtotalMinor: number,
): Promise<ShippingQuote | null> {
  const rate = SHIPPING_RATES[currency] ? null : await findRate(db, SHIPPING_FALLBACK_CURRENCY, currency);
  const table = shippingRateIn(currency, rate ?? undefined);
  if (!table) return null;
  const domestic = (await db('warehouses').where({ country }).first('id')) !== undefined;
  return {
    shippingMinor: shippingMinor(table, subtotalMinor, domestic),
    domestic,
    freeFromMinor: table.freeFromMinor,
    rate,
  };
}
