import { basisPointsOf } from './money';

/** How a customer can pay. card is synchronous; wallet and bank_transfer report their result later. */
export const PAYMENT_METHODS = ['card', 'wallet', 'bank_transfer'] as const;
export type PaymentMethodKind = (typeof PAYMENT_METHODS)[number];

/**
 * A method's fee on the amount it pays: positive is a surcharge, negative a discount. Either basis points
 * of the amount (1 bp = 0.01%) or a fixed amount per currency in minor units.
 */
export type FeeRule = { basisPoints: number } | { fixedMinor: Readonly<Record<string, number>> };

/**
 * The fee rule of each method, as shops commonly price them: cards at no extra cost, the wallet with a
 * 1.5% surcharge (its provider's fee passed on), bank transfers with a 2% discount (cheapest to accept).
 */
export const DEFAULT_FEE_RULES: Readonly<Record<PaymentMethodKind, FeeRule>> = {
  card: { basisPoints: 0 },
  wallet: { basisPoints: 150 },
  bank_transfer: { basisPoints: -200 },
};

/** The surcharge (positive) or discount (negative) a method adds to an amount, rounded per currency. */
export function methodFeeMinor(amountMinor: number, currency: string, rule: FeeRule): number {
  if ('basisPoints' in rule) return basisPointsOf(amountMinor, rule.basisPoints, currency);
  const fixed = rule.fixedMinor[currency];
  if (fixed === undefined) throw new RangeError(`no fixed fee set in ${currency}`);
  // A discount never takes the amount below zero.
  return Math.max(fixed, -amountMinor);
}

/** What an order costs, line by line up to what the customer pays with the chosen method. */
export interface AmountDue {
  currency: string;
  subtotalMinor: number;
  shippingMinor: number;
  methodFeeMinor: number;
  amountDueMinor: number;
}

/** Lines plus shipping, then the method's fee on that sum. */
export function amountDue(
  input: { currency: string; subtotalMinor: number; shippingMinor: number; method: PaymentMethodKind },
  rules: Readonly<Record<PaymentMethodKind, FeeRule>> = DEFAULT_FEE_RULES,
): AmountDue {
  const base = input.subtotalMinor + input.shippingMinor;
  const fee = methodFeeMinor(base, input.currency, rules[input.method]);
  return {
    currency: input.currency,
    subtotalMinor: input.subtotalMinor,
    shippingMinor: input.shippingMinor,
    methodFeeMinor: fee,
    amountDueMinor: base + fee,
  };
}
