/**
 * Chooses the risk policy's probability thresholds on tuning data (seed 3, used neither for training nor
 * for evaluation) and prints them; DEFAULT_RISK_POLICY holds what it prints, and a test checks that it
 * still does. Rules: the reject probability is the lowest (on a 0.01 grid) at which rejects, by either
 * signal, run at 85% precision or better; the review probability is the lowest at which reviews plus
 * rejects flag at most 3% of orders. The score thresholds (0.35, 0.6) stay as set by hand.
 */
import {
  DEFAULT_RISK_POLICY,
  calibrateToBaseRate,
  featureVector,
  generateTransactions,
  predictTree,
  scoreRisk,
  type DecisionTreeModel,
} from '../src/algorithms/risk';
import { SHIPPED_RISK_MODEL } from '../src/algorithms/shipped-risk-model';

export const TUNING_SEED = 3;
export const TUNING_COUNT = 100_000;
export const REJECT_PRECISION = 0.85;
export const MAX_FLAG_RATE = 0.03;

/** The tuned probability thresholds for a tree, given fixed score thresholds and base rate. */
export function tuneProbabilityThresholds(
  tree: DecisionTreeModel,
  { reviewScore, rejectScore, baseRate } = DEFAULT_RISK_POLICY,
): { reviewProbability: number; rejectProbability: number } {
  const rows = generateTransactions(TUNING_COUNT, TUNING_SEED).map(({ input, isFraud }) => ({
    isFraud,
    score: scoreRisk(input).score,
    probability: calibrateToBaseRate(predictTree(tree, featureVector(input)).fraudProbability, baseRate),
  }));
  const grid = Array.from({ length: 99 }, (_, k) => (k + 1) / 100);
  const rejectProbability =
    grid.find((threshold) => {
      const rejected = rows.filter((row) => row.score >= rejectScore || row.probability >= threshold);
      return rejected.filter((row) => row.isFraud).length >= REJECT_PRECISION * rejected.length;
    }) ?? 1;
  const reviewProbability =
    grid.find(
      (threshold) =>
        rows.filter(
          (row) => row.score >= reviewScore || row.probability >= Math.min(threshold, rejectProbability),
        ).length <=
        MAX_FLAG_RATE * rows.length,
    ) ?? 1;
  return { reviewProbability, rejectProbability };
}

function main(): void {
  const tuned = tuneProbabilityThresholds(SHIPPED_RISK_MODEL);
  console.log(`tuning data: ${TUNING_COUNT} synthetic orders, seed ${TUNING_SEED}`);
  console.log(
    `reject probability ${tuned.rejectProbability} (lowest with reject precision >= ${REJECT_PRECISION}); review probability ${tuned.reviewProbability} (lowest flagging <= ${100 * MAX_FLAG_RATE}% of orders)`,
  );
}

if (require.main === module) main();
