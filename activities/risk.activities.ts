import { decideRisk, type RiskInput } from '../src/algorithms/risk';
import { haversineKm } from '../src/algorithms/geo';
import { postalCentroid } from '../src/algorithms/postal-centroids';
import type { CardReference, RiskAssessment, ShippingAddress } from '../src/domain/checkout';
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
export function createRiskActivities({ db, payments, riskModel }: ActivityDeps) {
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
          db.raw(
            "coalesce(sum(total_minor) FILTER (WHERE created_at > now() - interval '1 hour'), 0)::bigint AS amount_last_hour",
          ),
        )
        .first();
      const profile = await payments.profileCard(input.card ?? { token: input.paymentToken ?? '' });
      // From the postal code, never from client-sent lat/lon, which could claim to be near the usual place.
      const destination = postalCentroid(input.shippingAddress.country, input.shippingAddress.postalCode);
      const hasHome = customer?.home_lat != null && customer?.home_lon != null;
      const riskInput: RiskInput = {
        amountMinor: input.amountMinor,
        currency: input.currency,
        accountAgeDays: customer
          ? Math.max(0, (Date.now() - new Date(customer.created_at).getTime()) / 86_400_000)
          : 0,
        priorOrders: history?.prior_orders ?? 0,
        priorChargebacks: customer?.chargebacks ?? 0,
        ordersLastHour: history?.orders_last_hour ?? 0,
        amountLastHourMinor: Number(history?.amount_last_hour ?? 0),
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
