/**
 * Evaluates the shipped risk model on held-out synthetic data from several seeds (never the training seed
 * 1 or the tuning seed 3) and prints mean ± standard deviation across seeds of:
 * - precision and recall of the calibrated tree probability at several thresholds, and of the policy;
 * - AUPRC (average precision) of the tree, the weighted score and the combined policy ranking;
 * - the balanced tree against an unweighted one trained on the same data, by AUPRC and at equal flag rates;
 * - how the model degrades on a shifted distribution with a fraud pattern it never saw.
 */
import { averagePrecision, classificationReport } from '../src/algorithms/metrics';
import {
  DEFAULT_RISK_POLICY,
  RiskDecision,
  calibrateToBaseRate,
  decideRisk,
  featureVector,
  generateShiftedTransactions,
  generateTransactions,
  predictTree,
  riskLevel,
  scoreRisk,
  trainDecisionTree,
  type DecisionTreeModel,
  type LabelledTransaction,
} from '../src/algorithms/risk';
import { SHIPPED_RISK_MODEL } from '../src/algorithms/shipped-risk-model';
import { TREE_OPTIONS, TRAINING_SEED, trainingSamples } from './risk-train';
import { TUNING_SEED } from './risk-tune';

/** Held-out seeds and size per seed; none may be the training or tuning seed. */
export const EVALUATION_SEEDS = [2, 4, 5, 6, 7];
export const EVALUATION_COUNT = 100_000;
const THRESHOLDS = [
  0.05,
  0.1,
  DEFAULT_RISK_POLICY.reviewProbability,
  0.3,
  0.5,
  DEFAULT_RISK_POLICY.rejectProbability,
];
const FLAG_RATES = [0.01, 0.02, 0.03];

interface Row {
  isFraud: boolean;
  probability: number;
  unweighted: number;
  score: number;
  decision: RiskDecision;
}

function rowsOf(data: LabelledTransaction[], unweightedTree: DecisionTreeModel): Row[] {
  const policy = DEFAULT_RISK_POLICY;
  return data.map(({ input, isFraud }) => {
    const x = featureVector(input);
    return {
      isFraud,
      probability: calibrateToBaseRate(predictTree(SHIPPED_RISK_MODEL, x).fraudProbability, policy.baseRate),
      unweighted: predictTree(unweightedTree, x).fraudProbability,
      score: scoreRisk(input).score,
      decision: decideRisk(input, { tree: SHIPPED_RISK_MODEL, policy }).decision,
    };
  });
}

/** Precision and recall of flagging the top `rate` share by a ranking (ties in arrival order, random here). */
function atFlagRate(
  rows: Row[],
  rank: (row: Row) => number,
  rate: number,
): { precision: number; recall: number } {
  const count = Math.round(rate * rows.length);
  const order = rows
    .map((_, index) => index)
    .sort((a, b) => rank(rows[b] as Row) - rank(rows[a] as Row) || a - b);
  const flagged = new Array<boolean>(rows.length).fill(false);
  for (const index of order.slice(0, count)) flagged[index] = true;
  return classificationReport(
    flagged,
    rows.map((row) => row.isFraud),
  );
}

function meanSd(values: number[]): string {
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  const variance =
    values.reduce((total, value) => total + (value - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return `${mean.toFixed(3)} ± ${Math.sqrt(variance).toFixed(3)}`;
}

/** One table row: a name and, per seed, the numbers to summarise. */
function table(header: string[], lines: [string, number[][]][]): void {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map((_, k) => (k === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const [name, perSeed] of lines) {
    const columns = (perSeed[0] as number[]).map((_, k) =>
      meanSd(perSeed.map((values) => values[k] as number)),
    );
    console.log(`| ${name} | ${columns.join(' | ')} |`);
  }
  console.log('');
}

function main(): void {
  const policy = DEFAULT_RISK_POLICY;
  const unweightedTree = trainDecisionTree(trainingSamples(), {
    ...TREE_OPTIONS,
    classWeight: { 0: 1, 1: 1 },
  });
  const seeds = EVALUATION_SEEDS.map((seed) =>
    rowsOf(generateTransactions(EVALUATION_COUNT, seed), unweightedTree),
  );
  const shifted = EVALUATION_SEEDS.map((seed) =>
    rowsOf(generateShiftedTransactions(EVALUATION_COUNT, seed), unweightedTree),
  );
  const actual = (rows: Row[]) => rows.map((row) => row.isFraud);
  console.log(
    `held-out: ${EVALUATION_SEEDS.length} seeds (${EVALUATION_SEEDS.join(', ')}) of ${EVALUATION_COUNT} synthetic orders; training seed ${TRAINING_SEED}, tuning seed ${TUNING_SEED}; mean ± sd across seeds\n`,
  );

  console.log(`Calibrated tree probability (base rate ${policy.baseRate}) and the policy:`);
  const report = (rows: Row[], flag: (row: Row) => boolean) => {
    const r = classificationReport(rows.map(flag), actual(rows));
    return [(r.truePositives + r.falsePositives) / rows.length, r.precision, r.recall];
  };
  table(
    ['flag when', 'flag rate', 'precision', 'recall'],
    [
      ...THRESHOLDS.map((t): [string, number[][]] => [
        `calibrated p(fraud) ≥ ${t}`,
        seeds.map((rows) => report(rows, (row) => row.probability >= t)),
      ]),
      [
        'policy: review or reject',
        seeds.map((rows) => report(rows, (row) => row.decision !== RiskDecision.approve)),
      ],
      ['policy: reject', seeds.map((rows) => report(rows, (row) => row.decision === RiskDecision.reject))],
    ],
  );

  console.log('Calibration: mean calibrated probability against the observed fraud rate, per band:');
  const bands = [0, 0.01, 0.05, 0.18, 0.5, 1.01];
  table(
    ['band', 'share of orders', 'mean predicted', 'observed'],
    bands.slice(0, -1).map((low, k): [string, number[][]] => {
      const high = bands[k + 1] as number;
      return [
        `[${low}, ${Math.min(1, high)}${high > 1 ? ']' : ')'}`,
        seeds.map((rows) => {
          const band = rows.filter((row) => row.probability >= low && row.probability < high);
          const n = Math.max(1, band.length);
          return [
            band.length / rows.length,
            band.reduce((total, row) => total + row.probability, 0) / n,
            band.filter((row) => row.isFraud).length / n,
          ];
        }),
      ];
    }),
  );

  console.log(
    'Ranking (AUPRC), in distribution and on the shifted distribution (half of fraud a new pattern):',
  );
  const auprc = (rows: Row[]) => [
    averagePrecision(
      rows.map((row) => row.probability),
      actual(rows),
    ),
    averagePrecision(
      rows.map((row) => row.unweighted),
      actual(rows),
    ),
    averagePrecision(
      rows.map((row) => row.score),
      actual(rows),
    ),
    averagePrecision(
      rows.map((row) => riskLevel(row.score, row.probability, policy)),
      actual(rows),
    ),
  ];
  table(
    ['data', 'balanced tree', 'unweighted tree', 'weighted score', 'combined policy'],
    [
      ['held-out', seeds.map(auprc)],
      ['shifted', shifted.map(auprc)],
    ],
  );

  console.log('Balanced against unweighted tree at equal flag rates (precision / recall):');
  table(
    ['flag rate', 'balanced precision', 'balanced recall', 'unweighted precision', 'unweighted recall'],
    FLAG_RATES.map((rate): [string, number[][]] => [
      `${100 * rate}%`,
      seeds.map((rows) => {
        const balanced = atFlagRate(rows, (row) => row.probability, rate);
        const unweighted = atFlagRate(rows, (row) => row.unweighted, rate);
        return [balanced.precision, balanced.recall, unweighted.precision, unweighted.recall];
      }),
    ]),
  );

  console.log('The policy on the shifted distribution:');
  table(
    ['data', 'flag rate', 'precision', 'recall'],
    [
      ['held-out', seeds.map((rows) => report(rows, (row) => row.decision !== RiskDecision.approve))],
      ['shifted', shifted.map((rows) => report(rows, (row) => row.decision !== RiskDecision.approve))],
    ],
  );
}

if (require.main === module) main();
