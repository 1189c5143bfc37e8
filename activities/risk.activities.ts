import { decideRisk, type RiskInput } from '../src/algorithms/risk';
import { haversineKm } from '../src/algorithms/geo';
import { postalCentroid } from '../src/algorithms/postal-centroids';
import type { CardReference, OrderPricing, RiskAssessment, ShippingAddress } from '../src/domain/checkout';
import { inBaseCurrency } from '../src/pricing/base-currency';
import { ratesInto } from '../src/pricing/exchange-rates';
import type { ActivityDeps } from './deps';

export interface AssessRiskInput {
  orderId: string;
  customerId: string;
  amountMinor: number;
  currency: string;
  shippingAddress: ShippingAddress;
  lines: { sku: string; quantity: number }[];
  /** The card; absent only in tasks scheduled before the vault, which carry `paymentToken`. */
  card?: CardReference;
  paymentToken?: string;
}

/**
 * The customer's row, with their earlier orders that shipped and this order's pricing. An unknown customer
 * (`known` false) has null columns.
 */
interface CustomerHistory {
  known: boolean;
  created_at: Date;
  home_lat: number | null;
  home_lon: number | null;
  chargebacks: number;
  prior_orders: number;
  own_pricing: Pick<OrderPricing, 'base'> | null;
}

/** One of the customer's other orders of the last hour. */
interface RecentOrder {
  total_minor: number | string;
  currency: string;
  pricing: Pick<OrderPricing, 'base'> | null;
}

/** The provider's own fraud signal can only make a decision stricter, never looser. */
const PROVIDER_ESCALATION = { normal: null, elevated: 'review', highest: 'reject' } as const;
const SEVERITY = { approve: 0, review: 1, reject: 2 } as const;

/** Risk activity: gathers features from the database and the card profile, then runs the risk policy. */
export function createRiskActivities({ db, payments, riskModel, baseCurrency = 'USD' }: ActivityDeps) {
  /**
   * What the database knows, in two statements run side by side: the customer, their earlier orders that
   * shipped and this order's stored pricing in one; their other orders of the last hour in the other.
   */
  async function readHistory(input: AssessRiskInput) {
    const [{ rows }, recent] = await Promise.all([
      db.raw(
        `SELECT c.created_at, c.home_lat, c.home_lon, c.chargebacks, c.id IS NOT NULL AS known,
                (SELECT count(*) FILTER (WHERE status IN ('shipped','delivered','completed'))::int
                   FROM orders WHERE customer_id = ? AND id <> ?) AS prior_orders,
                (SELECT pricing FROM orders WHERE id = ?) AS own_pricing
           FROM (SELECT 1) AS one LEFT JOIN customers c ON c.id = ?`,
        [input.customerId, input.orderId, input.orderId, input.customerId],
      ),
      db('orders')
        .where({ customer_id: input.customerId })
        .whereNot({ id: input.orderId })
        .andWhere('created_at', '>', db.raw("now() - interval '1 hour'"))
        .select('total_minor', 'currency', 'pricing'),
    ]);
    return { ...(rows[0] as CustomerHistory), recent: recent as RecentOrder[] };
  }

  /**
   * The order's amount and the customer's last hour of orders in the base currency, each converted at the
   * rate stored with its order (today's rate for orders without one). When the order's own currency has
   * no rate into the base, risk works in the order's currency, as before multi-currency.
   */
  async function amountsInBase(
    input: AssessRiskInput,
    ownPricing: CustomerHistory['own_pricing'],
    recent: RecentOrder[],
  ) {
    const currencies = [input.currency, ...recent.map((r) => r.currency)];
    const rates = await ratesInto(db, currencies, baseCurrency);
    const amount = inBaseCurrency(
      { amountMinor: input.amountMinor, currency: input.currency, pricing: ownPricing },
      baseCurrency,
      rates,
    );
    const currency = amount === null ? input.currency : baseCurrency;
    const lastHour = recent.map((r) =>
      currency === baseCurrency
        ? inBaseCurrency(
            { amountMinor: Number(r.total_minor), currency: r.currency, pricing: r.pricing },
            baseCurrency,
            rates,
          )
        : r.currency === currency
          ? Number(r.total_minor)
          : null,
    );
    return {
      amountMinor: amount ?? input.amountMinor,
      currency,
      // An order no rate converts counts in ordersLastHour but not in the amount.
      amountLastHourMinor: lastHour.reduce<number>((sum, minor) => sum + (minor ?? 0), 0),
    };
  }

  return {
    async assessRisk(input: AssessRiskInput): Promise<RiskAssessment> {
      // Independent reads side by side: one wait instead of five.
      const [history, profile] = await Promise.all([
        readHistory(input),
        payments.profileCard(input.card ?? { token: input.paymentToken ?? '' }),
      ]);
      const amounts = await amountsInBase(input, history.own_pricing, history.recent);
      const customer = history.known ? history : undefined;
      // From the postal code, never from client-sent lat/lon, which could claim to be near the usual place.
      const destination = postalCentroid(input.shippingAddress.country, input.shippingAddress.postalCode);
      const hasHome = customer?.home_lat != null && customer?.home_lon != null;
      const riskInput: RiskInput = {
        amountMinor: amounts.amountMinor,
        currency: amounts.currency,
        accountAgeDays: customer
          ? Math.max(0, (Date.now() - new Date(customer.created_at).getTime()) / 86_400_000)
          : 0,
        priorOrders: history.prior_orders,
        priorChargebacks: customer?.chargebacks ?? 0,
        ordersLastHour: history.recent.length,
        amountLastHourMinor: amounts.amountLastHourMinor,
        shippingCountry: input.shippingAddress.country,
        cardCountry: profile.cardCountry,
        distanceFromUsualKm:
          hasHome && destination
            ? haversineKm({ lat: customer.home_lat!, lon: customer.home_lon! }, destination)
            : null,
        maxLineQuantity: Math.max(...input.lines.map((l) => l.quantity)),
        totalQuantity: input.lines.reduce((sum, l) => sum + l.quantity, 0),
      };
      const decision = decideRisk(riskInput, { tree: riskModel });
      const assessment: RiskAssessment = {
        decision: decision.decision,
        score: decision.score,
        fraudProbability: decision.fraudProbability,
        reasons: decision.reasons,
      };
      const escalation = PROVIDER_ESCALATION[profile.riskLevel];
      if (escalation && SEVERITY[escalation] > SEVERITY[assessment.decision]) {
        assessment.decision = escalation;
        assessment.reasons = [`payment provider flagged ${profile.riskLevel} risk`, ...assessment.reasons];
      }
      // What the model saw, so that a later chargeback becomes a labelled training example (risk_outcomes).
      await db('risk_assessments')
        .insert({
          order_id: input.orderId,
          features: JSON.stringify(riskInput),
          score: assessment.score,
          decision: assessment.decision,
        })
        .onConflict('order_id')
        .merge();
      return assessment;
    },
  };
}
