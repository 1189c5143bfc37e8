import { mulberry32, type Random } from './prng';
import type { RiskInput } from './risk-features';

/** A generated order and whether it was fraudulent. */
export interface LabelledTransaction {
  input: RiskInput;
  isFraud: boolean;
}

/** Share of fraudulent orders in generated data. */
export const SYNTHETIC_FRAUD_RATE = 0.02;

const COUNTRIES = ['DE', 'FR', 'NL', 'GB', 'US', 'ES', 'IT', 'PL', 'SE', 'AT'] as const;

/**
 * Seeded synthetic orders, about 2% fraud. Fraud leans towards new accounts, bursts of orders, card and
 * shipping countries that differ, shipping far from the usual address, large amounts and odd quantities,
 * but each signal is only a tendency: legitimate customers travel, buy in bulk and open new accounts, and
 * some fraud comes from long-standing, taken-over accounts, so no single rule separates the classes.
 */
export function generateTransactions(count: number, seed: number): LabelledTransaction[] {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`count must be a non-negative integer, got ${count}`);
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const isFraud = random.next() < SYNTHETIC_FRAUD_RATE;
    return { input: isFraud ? fraudulentOrder(random) : legitimateOrder(random), isFraud };
  });
}

/**
 * The same legitimate orders, but a share of fraud follows a pattern absent from training: quiet takeovers
 * of long-standing, clean accounts that order one ordinary basket, near home, in the card's country, at a
 * normal hour's pace. It shows how the model degrades when fraudsters change tactics.
 */
export function generateShiftedTransactions(
  count: number,
  seed: number,
  newPatternShare = 0.5,
): LabelledTransaction[] {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`count must be a non-negative integer, got ${count}`);
  if (!(newPatternShare >= 0 && newPatternShare <= 1))
    throw new Error(`newPatternShare must be in [0, 1], got ${newPatternShare}`);
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const isFraud = random.next() < SYNTHETIC_FRAUD_RATE;
    if (!isFraud) return { input: legitimateOrder(random), isFraud };
    const input = random.next() < newPatternShare ? quietTakeoverOrder(random) : fraudulentOrder(random);
    return { input, isFraud };
  });
}

function quietTakeoverOrder(random: Random): RiskInput {
  const shippingCountry = country(random);
  const maxLineQuantity = random.int(1, 3);
  return {
    amountMinor: Math.round(logNormal(random, 90, 0.6) * 100),
    currency: 'EUR',
    accountAgeDays: random.int(365, 3000),
    priorOrders: random.int(10, 60),
    priorChargebacks: 0,
    ordersLastHour: 0,
    amountLastHourMinor: 0,
    shippingCountry,
    cardCountry: shippingCountry,
    distanceFromUsualKm: random.next() * 30,
    maxLineQuantity,
    totalQuantity: maxLineQuantity + random.int(0, 3),
  };
}

function legitimateOrder(random: Random): RiskInput {
  const accountAgeDays = random.next() < 0.15 ? random.int(0, 30) : Math.round(logNormal(random, 400, 1));
  // Some new customers reorder within days, so a young account with an order history is not proof of fraud.
  const priorOrders = random.int(0, Math.min(60, 2 + Math.floor(accountAgeDays / 20)));
  const priorChargebacks = priorOrders > 0 && random.next() < 0.03 ? 1 : 0;
  const ordersLastHour = pick(random, [0.9, 0.08, 0.02], [0, 1, random.int(2, 3)]);
  const amountMinor = Math.round(logNormal(random, 60, 0.9) * 100);
  const shippingCountry = country(random);
  const cardCountry = random.next() < 0.01 ? null : random.next() < 0.05 ? country(random) : shippingCountry;
  const distanceFromUsualKm =
    priorOrders === 0
      ? null
      : pick(
          random,
          [0.85, 0.12, 0.03],
          [random.next() * 30, 30 + random.next() * 470, 500 + random.next() * 4500],
        );
  const maxLineQuantity = random.next() < 0.04 ? random.int(4, 15) : random.int(1, 3);
  return {
    amountMinor,
    currency: 'EUR',
    accountAgeDays,
    priorOrders,
    priorChargebacks,
    ordersLastHour,
    amountLastHourMinor: ordersLastHour * Math.round(logNormal(random, 50, 0.8) * 100),
    shippingCountry,
    cardCountry,
    distanceFromUsualKm,
    maxLineQuantity,
    totalQuantity: maxLineQuantity + random.int(0, 4),
  };
}

function fraudulentOrder(random: Random): RiskInput {
  // A fifth of fraud rides on old accounts that were taken over; the rest on fresh ones.
  const takenOver = random.next() < 0.2;
  const accountAgeDays = takenOver
    ? random.int(90, 3000)
    : random.next() < 0.7
      ? random.int(0, 7)
      : random.int(8, 120);
  const priorOrders = takenOver ? random.int(3, 60) : random.int(0, 2);
  const priorChargebacks = random.next() < 0.15 ? random.int(1, Math.max(1, priorOrders)) : 0;
  const ordersLastHour = random.next() < 0.45 ? random.int(1, 6) : 0;
  const amountMinor = Math.round(logNormal(random, 220, 1) * 100);
  const shippingCountry = country(random);
  const cardCountry = random.next() < 0.05 ? null : random.next() < 0.45 ? country(random) : shippingCountry;
  const distanceFromUsualKm =
    priorOrders === 0
      ? null
      : random.next() < (takenOver ? 0.6 : 0.35)
        ? 300 + random.next() * 4700
        : random.next() * 50;
  const maxLineQuantity = random.next() < 0.3 ? random.int(4, 20) : random.int(1, 3);
  return {
    amountMinor,
    currency: 'EUR',
    accountAgeDays,
    priorOrders,
    priorChargebacks,
    ordersLastHour,
    amountLastHourMinor: ordersLastHour * Math.round(logNormal(random, 180, 1) * 100),
    shippingCountry,
    cardCountry,
    distanceFromUsualKm,
    maxLineQuantity,
    totalQuantity: maxLineQuantity + random.int(0, 6),
  };
}

function logNormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * random.normal());
}

function country(random: Random): string {
  return COUNTRIES[random.int(0, COUNTRIES.length - 1)] as string;
}

/** Picks outcomes[k] with probability weights[k]; all outcomes are evaluated up front to keep draws aligned. */
function pick<T>(random: Random, weights: number[], outcomes: T[]): T {
  let draw = random.next();
  for (let k = 0; k < weights.length; k++) {
    draw -= weights[k] as number;
    if (draw < 0) return outcomes[k] as T;
  }
  return outcomes[outcomes.length - 1] as T;
}
