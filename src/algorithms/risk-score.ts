import { FEATURE_ORDER, riskFeatures, type FeatureName, type RiskInput } from './risk-features';

/** How much each feature adds to the weighted risk score (see the table on riskFeatures). */
export const DEFAULT_RISK_WEIGHTS: Readonly<Record<FeatureName, number>> = {
  amount: 0.15,
  accountYouth: 0.18,
  chargebackRate: 0.22,
  velocity: 0.15,
  countryMismatch: 0.12,
  distanceFromUsual: 0.1,
  unusualQuantity: 0.08,
};

/** One feature's share of the score: value × weight. */
export interface RiskContribution {
  feature: FeatureName;
  value: number;
  weight: number;
  contribution: number;
}

/** The weighted score Σ wᵢxᵢ and its per-feature contributions, largest first (ties in FEATURE_ORDER). */
export function scoreRisk(
  input: RiskInput,
  weights: Readonly<Record<FeatureName, number>> = DEFAULT_RISK_WEIGHTS,
): { score: number; contributions: RiskContribution[] } {
  const features = riskFeatures(input);
  const contributions = FEATURE_ORDER.map((feature) => {
    const value = features[feature];
    const weight = weights[feature];
    return { feature, value, weight, contribution: value * weight };
  }).sort((a, b) => b.contribution - a.contribution);
  const score = contributions.reduce((total, { contribution }) => total + contribution, 0);
  return { score, contributions };
}
