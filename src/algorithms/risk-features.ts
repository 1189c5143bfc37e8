import { currencyExponent, isKnownCurrency } from '../domain/money';

/** What the risk model knows about an order and its customer at checkout time. */
export interface RiskInput {
  /** Order total in minor units of `currency`. */
  amountMinor: number;
  currency: string;
  accountAgeDays: number;
  priorOrders: number;
  priorChargebacks: number;
  ordersLastHour: number;
  amountLastHourMinor: number;
  shippingCountry: string;
  cardCountry: string | null;
  /** Null when the customer has no usual address. */
  distanceFromUsualKm: number | null;
  maxLineQuantity: number;
  totalQuantity: number;
}

/** Feature names in the fixed order used by feature vectors and trained trees. */
export const FEATURE_ORDER = [
  'amount',
  'accountYouth',
  'chargebackRate',
  'velocity',
  'countryMismatch',
  'distanceFromUsual',
  'unusualQuantity',
] as const;
/** One of the risk features. */
export type FeatureName = (typeof FEATURE_ORDER)[number];
/** Every risk feature, each normalised to [0, 1]. */
export type RiskFeatures = Record<FeatureName, number>;

/**
 * Risk features, each normalised to [0, 1] (amounts are in major units of the currency given: the risk
 * activity passes the base currency, BASE_CURRENCY, converting at the rate stored with each order):
 *
 * | Feature             | Transform                                                                  | Weight |
 * | ------------------- | -------------------------------------------------------------------------- | -----: |
 * | `amount`            | log₁₀(amount / 50) / 2, clamped: 0 up to 50, 0.5 at 500, 1 from 5,000      |   0.15 |
 * | `accountYouth`      | 1 − min(accountAgeDays / 365, 1): 1 for a brand-new account, 0 after a year |   0.18 |
 * | `chargebackRate`    | min(priorChargebacks / max(priorOrders, 1), 1)                             |   0.22 |
 * | `velocity`          | max(ordersLastHour / 5, amountLastHour / 2,000), clamped                   |   0.15 |
 * | `countryMismatch`   | 1 if the card country is known and differs from the shipping country       |   0.12 |
 * | `distanceFromUsual` | min(distanceFromUsualKm / 2,000, 1); 0 without a usual address             |   0.10 |
 * | `unusualQuantity`   | max((maxLineQuantity − 1) / 9, (totalQuantity − 1) / 29), clamped          |   0.08 |
 *
 * The weights (DEFAULT_RISK_WEIGHTS) sum to 1, so the weighted score is also in [0, 1].
 */
export function riskFeatures(input: RiskInput): RiskFeatures {
  validateRiskInput(input);
  const amount = toMajorUnits(input.amountMinor, input.currency);
  const amountLastHour = toMajorUnits(input.amountLastHourMinor, input.currency);
  return {
    amount: clamp01(Math.log10(Math.max(amount, 1e-9) / 50) / 2),
    accountYouth: 1 - Math.min(input.accountAgeDays / 365, 1),
    chargebackRate: Math.min(input.priorChargebacks / Math.max(input.priorOrders, 1), 1),
    velocity: clamp01(Math.max(input.ordersLastHour / 5, amountLastHour / 2000)),
    countryMismatch: input.cardCountry !== null && input.cardCountry !== input.shippingCountry ? 1 : 0,
    distanceFromUsual: input.distanceFromUsualKm === null ? 0 : Math.min(input.distanceFromUsualKm / 2000, 1),
    unusualQuantity: clamp01(Math.max((input.maxLineQuantity - 1) / 9, (input.totalQuantity - 1) / 29)),
  };
}

/** The features as a vector in FEATURE_ORDER, the input format of decision trees. */
export function featureVector(input: RiskInput): number[] {
  const features = riskFeatures(input);
  return FEATURE_ORDER.map((name) => features[name]);
}

/**
 * Number of decimal digits in the currency's minor unit, from its ISO 4217 exponent (money.ts); 2 for a
 * code the money library does not know, as risk models trained on such orders assumed.
 */
export function minorUnitDigits(currency: string): number {
  const code = currency.toUpperCase();
  return isKnownCurrency(code) ? currencyExponent(code) : 2;
}

/** Converts an amount in minor units to major units of the same currency. */
export function toMajorUnits(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** minorUnitDigits(currency);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function validateRiskInput(input: RiskInput): void {
  const counts = {
    amountMinor: input.amountMinor,
    accountAgeDays: input.accountAgeDays,
    priorOrders: input.priorOrders,
    priorChargebacks: input.priorChargebacks,
    ordersLastHour: input.ordersLastHour,
    amountLastHourMinor: input.amountLastHourMinor,
    maxLineQuantity: input.maxLineQuantity,
    totalQuantity: input.totalQuantity,
    distanceFromUsualKm: input.distanceFromUsualKm ?? 0,
  };
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`${name} must be a non-negative number, got ${value}`);
  }
}
