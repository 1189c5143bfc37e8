import { decideRisk, type RiskInput } from '../src/algorithms/risk';
import { haversineKm } from '../src/algorithms/geo';
import { postalCentroid } from '../src/algorithms/postal-centroids';
import type { CardReference, RiskAssessment, ShippingAddress } from '../src/domain/checkout';
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

/** The provider's own fraud signal can only make a decision stricter, never looser. */
const PROVIDER_ESCALATION = { normal: null, elevated: 'review', highest: 'reject' } as const;
const SEVERITY = { approve: 0, review: 1, reject: 2 } as const;

/** Risk activity: gathers features from the database and the card profile, then runs the risk policy. */
export function createRiskActivities({ db, payments, riskModel, baseCurrency = 'USD' }: ActivityDeps) {
  /**
   * The order's amount and the customer's last hour of orders in the base currency, each converted at the
   * rate stored with its order (today's rate for orders without one). When the order's own currency has
   * no rate into the base, risk works in the order's currency, as before multi-currency.
   */
  async function amountsInBase(input: AssessRiskInput) {
    const [own, recent] = await Promise.all([
      db('orders').where({ id: input.orderId }).first('pricing'),
      db('orders')
        .where({ customer_id: input.customerId })
        .whereNot({ id: input.orderId })
        .andWhere('created_at', '>', db.raw("now() - interval '1 hour'"))
        .select('total_minor', 'currency', 'pricing'),
    ]);
    const currencies = [input.currency, ...recent.map((r) => r.currency as string)];
    const rates = await ratesInto(db, currencies, baseCurrency);
    const amount = inBaseCurrency(
      { amountMinor: input.amountMinor, currency: input.currency, pricing: own?.pricing },
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
      const customer = await db('customers').where({ id: input.customerId }).first();
      const history = await db('orders')
        .where({ customer_id: input.customerId })
        .whereNot({ id: input.orderId })
        .select(
          db.raw(
            "count(*) FILTER (WHERE status IN ('shipped','delivered','completed'))::int AS prior_orders",
          ),
          db.raw("count(*) FILTER (WHERE created_at > now() - interval '1 hour')::int AS orders_last_hour"),
        )
        .first();
      const amounts = await amountsInBase(input);
      const profile = await payments.profileCard(input.card ?? { token: input.paymentToken ?? '' });
      // From the postal code, never from client-sent lat/lon, which could claim to be near the usual place.
      const destination = postalCentroid(input.shippingAddress.country, input.shippingAddress.postalCode);
      const hasHome = customer?.home_lat != null && customer?.home_lon != null;
      const riskInput: RiskInput = {
        amountMinor: amounts.amountMinor,
        currency: amounts.currency,
        accountAgeDays: customer
          ? Math.max(0, (Date.now() - new Date(customer.created_at).getTime()) / 86_400_000)
          : 0,
        priorOrders: history?.prior_orders ?? 0,
        priorChargebacks: customer?.chargebacks ?? 0,
        ordersLastHour: history?.orders_last_hour ?? 0,
        amountLastHourMinor: amounts.amountLastHourMinor,
        shippingCountry: input.shippingAddress.country,
        cardCountry: profile.cardCountry,
        distanceFromUsualKm:
          hasHome && destination
            ? haversineKm({ lat: customer.home_lat, lon: customer.home_lon }, destination)
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
