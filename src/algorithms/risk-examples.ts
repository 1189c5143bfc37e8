import type { RiskInput } from './risk-features';

/** Three orders that the shipped model and default policy approve, review and reject respectively. */
export const RISK_EXAMPLES: Readonly<Record<'approve' | 'review' | 'reject', RiskInput>> = {
  // A two-year-old customer with a clean history buying as usual close to home.
  approve: {
    amountMinor: 4_590,
    currency: 'EUR',
    accountAgeDays: 730,
    priorOrders: 24,
    priorChargebacks: 0,
    ordersLastHour: 0,
    amountLastHourMinor: 0,
    shippingCountry: 'DE',
    cardCountry: 'DE',
    distanceFromUsualKm: 4,
    maxLineQuantity: 2,
    totalQuantity: 3,
  },
  // A ten-day-old account on its second order this hour, paying with a foreign card: plausible, but worth a look.
  review: {
    amountMinor: 25_000,
    currency: 'EUR',
    accountAgeDays: 10,
    priorOrders: 0,
    priorChargebacks: 0,
    ordersLastHour: 1,
    amountLastHourMinor: 4_000,
    shippingCountry: 'FR',
    cardCountry: 'GB',
    distanceFromUsualKm: null,
    maxLineQuantity: 1,
    totalQuantity: 2,
  },
  // A day-old account on its fourth order this hour, foreign card, bulk quantities, far from home.
  reject: {
    amountMinor: 92_000,
    currency: 'EUR',
    accountAgeDays: 1,
    priorOrders: 1,
    priorChargebacks: 0,
    ordersLastHour: 3,
    amountLastHourMinor: 150_000,
    shippingCountry: 'NL',
    cardCountry: 'US',
    distanceFromUsualKm: 1_800,
    maxLineQuantity: 12,
    totalQuantity: 15,
  },
};
