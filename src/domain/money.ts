// Money is always integer minor units with its ISO 4217 currency beside it (`*_minor` + `currency`); never a float.
// Scaling, conversion and rounding go through dinero.js, which knows each currency's exponent (JPY 0,
// USD 2, KWD 3). Pure and deterministic, so workflows may import it too.
import * as iso4217 from 'dinero.js/currencies';
import {
  allocate,
  convert,
  dinero,
  halfEven,
  multiply,
  toDecimal,
  toSnapshot,
  transformScale,
} from 'dinero.js';
import type { DineroCurrency as Currency, Dinero } from 'dinero.js';

/** Sum of line totals in minor units; throws if any part is not a safe non-negative integer. */
export function sumMinor(parts: readonly number[]): number {
  let total = 0;
  for (const part of parts) {
    if (!Number.isSafeInteger(part) || part < 0)
      throw new RangeError(`not an amount in minor units: ${part}`);
    total += part;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('amount overflow');
  return total;
}

const CURRENCIES = iso4217 as unknown as Record<string, Currency<number> | undefined>;

/** True for an ISO 4217 code dinero.js knows (and so knows the exponent of). */
export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && CURRENCIES[code]?.code === code;
}

function currencyOf(code: string): Currency<number> {
  const currency = /^[A-Z]{3}$/.test(code) ? CURRENCIES[code] : undefined;
  if (!currency) throw new RangeError(`unknown currency: ${code}`);
  return currency;
}

/** Digits after the decimal point in the currency's minor unit (ISO 4217 exponent). */
export const currencyExponent = (code: string): number => currencyOf(code).exponent;

const money = (amountMinor: number, code: string): Dinero<number> => {
  if (!Number.isSafeInteger(amountMinor))
    throw new RangeError(`not an amount in minor units: ${amountMinor}`);
  return dinero({ amount: amountMinor, currency: currencyOf(code) });
};

/** Back to minor units at the currency's own exponent. */
const minorOf = (amount: Dinero<number>, code: string): number =>
  toSnapshot(transformScale(amount, currencyExponent(code), halfEven)).amount;

/** "12.34 USD", "1234 JPY", "1.234 KWD": for summaries in the Temporal UI, logs and the demo. */
export function formatMoney(amountMinor: number, currency: string): string {
  return `${toDecimal(money(amountMinor, currency))} ${currency}`;
}

/** A decimal string ("152.34") as an integer with a scale, the shape dinero.js takes rates and factors in. */
export function scaledDecimal(value: string): { amount: number; scale: number } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`not a non-negative decimal: ${value}`);
  const fraction = match[2] ?? '';
  const amount = Number(`${match[1]}${fraction}`);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`too many digits: ${value}`);
  return { amount, scale: fraction.length };
}

/**
 * Converts an amount at a rate (units of `to` per unit of `from`, as a decimal string). Rounding rule: half
 * to even at the target currency's exponent, so that repeated conversions carry no upward bias.
 */
export function convertMinor(amountMinor: number, from: string, to: string, rate: string): number {
  if (from === to) return amountMinor;
  return minorOf(convert(money(amountMinor, from), currencyOf(to), { [to]: scaledDecimal(rate) }), to);
}

/**
 * A share of an amount in basis points (1/100 of a percent), for surcharges and discounts. Same
 * rounding rule as conversion: half to even at the currency's exponent.
 */
export function basisPointsOf(amountMinor: number, basisPoints: number, currency: string): number {
  if (!Number.isSafeInteger(basisPoints)) throw new RangeError(`not whole basis points: ${basisPoints}`);
  const sign = basisPoints < 0 ? -1 : 1;
  const share = multiply(money(amountMinor, currency), { amount: Math.abs(basisPoints), scale: 4 });
  return sign * minorOf(share, currency);
}

/**
 * The part of `amountMinor` that `part` out of `whole` stands for, apportioned with dinero's allocate
 * (largest remainder), so that the parts of a whole always add up to the amount exactly.
 */
export function shareOf(amountMinor: number, part: number, whole: number, currency: string): number {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole) || part < 0 || part > whole)
    throw new RangeError(`not a part of a whole: ${part} of ${whole}`);
  if (whole === 0 || part === 0) return 0;
  return allocateMinor(amountMinor, [part, whole - part], currency)[0]!;
}

/**
 * Splits an amount into parts in proportion to `ratios` (dinero.js allocate): dinero.js hands out the leftover
 * minor units one by one, so the parts always sum to the whole. All-zero ratios split evenly.
 */
export function allocateMinor(amountMinor: number, ratios: readonly number[], currency: string): number[] {
  if (ratios.length === 0) return [];
  const weights = ratios.some((ratio) => ratio > 0) ? [...ratios] : ratios.map(() => 1);
  return allocate(money(amountMinor, currency), weights).map((part) => toSnapshot(part).amount);
}
