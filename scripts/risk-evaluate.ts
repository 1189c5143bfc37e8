/**
 * Evaluates the shipped risk model on held-out synthetic data (a seed the training script never uses):
 * precision, recall and AUPRC (average precision) of the tree alone, the weighted score alone and the
 * combined policy, where review and reject both count as flagged.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { averagePrecision, classificationReport } from '../src/algorithms/metrics';
import {
  DEFAULT_RISK_POLICY,
  RiskDecision,
  decideRisk,
  featureVector,
  generateTransactions,
  parseRiskModel,
  predictTree,
  riskLevel,
  scoreRisk,
} from '../src/algorithms/risk';
import { TRAINING_SEED } from './risk-train';

/** Held-out seed and size; must differ from the training seed in risk-train.ts. */
export const EVALUATION_SEED = 2;
export const EVALUATION_COUNT = 100_000;
const MODEL_PATH = resolve(__dirname, '../src/algorithms/models/risk-tree.v1.json');

function main(): void {
  const tree = parseRiskModel(JSON.parse(readFileSync(MODEL_PATH, 'utf8')));
  const policy = DEFAULT_RISK_POLICY;
  const transactions = generateTransactions(EVALUATION_COUNT, EVALUATION_SEED);
  const actual = transactions.map(({ isFraud }) => isFraud);
  const rows = transactions.map(({ input }) => {
    const probability = predictTree(tree, featureVector(input)).fraudProbability;
    const { score } = scoreRisk(input);
    return { probability, score, decision: decideRisk(input, { tree, policy }).decision };
  });

  const evaluations = [
    {
      name: `tree alone (p >= ${policy.reviewProbability})`,
      flagged: rows.map((row) => row.probability >= policy.reviewProbability),
      ranking: rows.map((row) => row.probability),
    },
    {
      name: `score alone (score >= ${policy.reviewScore})`,
      flagged: rows.map((row) => row.score >= policy.reviewScore),
      ranking: rows.map((row) => row.score),
    },
    {
      name: 'combined policy (review or reject)',
      flagged: rows.map((row) => row.decision !== RiskDecision.approve),
      ranking: rows.map((row) => riskLevel(row.score, row.probability, policy)),
    },
  ];
  const positives = actual.filter(Boolean).length;
  console.log(
    `held-out: ${EVALUATION_COUNT} synthetic orders (seed ${EVALUATION_SEED}; training used seed ${TRAINING_SEED}), ${positives} fraudulent\n`,
  );
  console.log('| signal | flagged | precision | recall | AUPRC |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const { name, flagged, ranking } of evaluations) {
    const report = classificationReport(flagged, actual);
    const flaggedCount = report.truePositives + report.falsePositives;
    console.log(
      `| ${name} | ${flaggedCount} | ${report.precision.toFixed(3)} | ${report.recall.toFixed(3)} | ${averagePrecision(ranking, actual).toFixed(3)} |`,
    );
  }
  const counts = Object.values(RiskDecision).map(
    (decision) => `${decision} ${rows.filter((row) => row.decision === decision).length}`,
  );
  console.log(
    `\ndecisions: ${counts.join(', ')}; fraud base rate ${(positives / EVALUATION_COUNT).toFixed(4)}`,
  );
}

if (require.main === module) main();
