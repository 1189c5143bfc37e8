import { condenseConditions, predictTree, type DecisionTreeModel } from './decision-tree';
import { featureVector, type FeatureName, type RiskInput } from './risk-features';
import { formatMoney } from '../domain/money';
import { calibrateToBaseRate } from './risk-calibration';
import { scoreRisk, type RiskContribution } from './risk-score';

/** What happens to an order after the risk check. */
export const RiskDecision = { approve: 'approve', review: 'review', reject: 'reject' } as const;
/** What happens to an order after the risk check. */
export type RiskDecision = (typeof RiskDecision)[keyof typeof RiskDecision];

/**
 * Thresholds on the weighted score (not a probability) and on the calibrated fraud probability: the
 * tree's balanced score corrected to the real fraud base rate `baseRate`.
 */
export interface RiskPolicy {
  reviewScore: number;
  rejectScore: number;
  /** Calibrated probability of fraud from which an order is reviewed. */
  reviewProbability: number;
  /** Calibrated probability of fraud from which an order is rejected. */
  rejectProbability: number;
  /** Share of orders that are fraud, to which the tree's balanced score is calibrated. */
  baseRate: number;
}

/**
 * Default thresholds, chosen by scripts/risk-tune.ts on synthetic data from seed 3 (used neither for
 * training, seed 1, nor for the reported evaluation, seeds 2 and up): the reject probability is the lowest
 * at which rejects run at 85% precision or better, the review probability the lowest at which reviews plus
 * rejects flag at most 3% of orders. The score thresholds are fixed by hand.
 */
export const DEFAULT_RISK_POLICY: RiskPolicy = {
  reviewScore: 0.35,
  rejectScore: 0.6,
  reviewProbability: 0.18,
  rejectProbability: 0.69,
  baseRate: 0.02,
};

/** The decision with everything needed to explain it. */
export interface RiskVerdict {
  decision: RiskDecision;
  score: number;
  fraudProbability: number;
  /** The tree's balanced-prior score, before calibration (shown beside the probability for transparency). */
  balancedTreeScore: number;
  /** Human-readable, most important first, e.g. "new account (3 days): +0.18". */
  reasons: string[];
  /** The three largest score contributions. */
  contributions: RiskContribution[];
  treePath: string[];
}

/**
 * Combines the weighted score and the decision tree: reject when either crosses its reject threshold,
 * review when either crosses its review threshold, approve otherwise.
 */
export function decideRisk(
  input: RiskInput,
  { tree, policy = DEFAULT_RISK_POLICY }: { tree: DecisionTreeModel; policy?: RiskPolicy },
): RiskVerdict {
  const { score, contributions } = scoreRisk(input);
  const prediction = predictTree(tree, featureVector(input));
  const { path, conditions } = prediction;
  const fraudProbability = calibrateToBaseRate(prediction.fraudProbability, policy.baseRate);
  const chance = `calibrated p(fraud) ${percent(fraudProbability)}`;
  const rejectedBy = [
    ...(score >= policy.rejectScore
      ? [`score ${fixed(score)} >= reject threshold ${policy.rejectScore}`]
      : []),
    ...(fraudProbability >= policy.rejectProbability
      ? [`${chance} >= reject threshold ${percent(policy.rejectProbability)}`]
      : []),
  ];
  const reviewedBy = [
    ...(score >= policy.reviewScore
      ? [`score ${fixed(score)} >= review threshold ${policy.reviewScore}`]
      : []),
    ...(fraudProbability >= policy.reviewProbability
      ? [`${chance} >= review threshold ${percent(policy.reviewProbability)}`]
      : []),
  ];
  const decision =
    rejectedBy.length > 0
      ? RiskDecision.reject
      : reviewedBy.length > 0
        ? RiskDecision.review
        : RiskDecision.approve;
  const top = contributions.slice(0, 3);
  const reasons = [
    ...(decision === RiskDecision.reject ? rejectedBy : reviewedBy),
    // Contributions that would print as +0.00 explain nothing.
    ...top
      .filter(({ contribution }) => contribution >= 0.005)
      .map((c) => `${describe(c.feature, input)}: +${fixed(c.contribution)}`),
    `tree: ${path.length > 0 ? condenseConditions(conditions).join(', ') : 'root'} → balanced score ${fixed(prediction.fraudProbability)}, ${chance} at a ${percent(policy.baseRate)} base rate`,
  ];
  return {
    decision,
    score,
    fraudProbability,
    balancedTreeScore: prediction.fraudProbability,
    reasons,
    contributions: top,
    treePath: path,
  };
}

/**
 * One number that is >= 1 exactly when the policy at least reviews (either signal past its review
 * threshold); it ranks orders consistently with the policy, e.g. for precision-recall curves.
 */
export function riskLevel(
  score: number,
  /** The calibrated probability, as in RiskVerdict.fraudProbability. */
  fraudProbability: number,
  policy: RiskPolicy = DEFAULT_RISK_POLICY,
): number {
  return Math.max(score / policy.reviewScore, fraudProbability / policy.reviewProbability);
}

function describe(feature: FeatureName, input: RiskInput): string {
  switch (feature) {
    case 'amount':
      return `large amount (${formatMoney(input.amountMinor, input.currency)})`;
    case 'accountYouth':
      return `new account (${plural(Math.floor(input.accountAgeDays), 'day')})`;
    case 'chargebackRate':
      return `prior chargebacks (${input.priorChargebacks} of ${plural(input.priorOrders, 'order')})`;
    case 'velocity':
      return `velocity (${plural(input.ordersLastHour, 'order')}, ${formatMoney(input.amountLastHourMinor, input.currency)} in the last hour)`;
    case 'countryMismatch':
      return `card country ${input.cardCountry} differs from shipping country ${input.shippingCountry}`;
    case 'distanceFromUsual':
      return `ships ${Math.round(input.distanceFromUsualKm ?? 0)} km from the usual address`;
    case 'unusualQuantity':
      return `unusual quantity (${input.maxLineQuantity} of one item, ${input.totalQuantity} in total)`;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function percent(value: number): string {
  const digits = value < 0.1 ? 1 : 0;
  return `${(100 * value).toFixed(digits)}%`;
}

function fixed(value: number): string {
  return value.toFixed(2);
}
