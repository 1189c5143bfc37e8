/**
 * Trains the shipped risk decision tree on seeded synthetic data and writes
 * src/algorithms/models/risk-tree.v1.json. Deterministic: the same code always writes the same file.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  featureVector,
  generateTransactions,
  trainDecisionTree,
  type TreeOptions,
} from '../src/algorithms/risk';

/** Seed and size of the training set; risk-evaluate.ts uses a different seed for held-out data. */
export const TRAINING_SEED = 1;
export const TRAINING_COUNT = 60_000;
export const TREE_OPTIONS: TreeOptions = { maxDepth: 6, minSamplesLeaf: 40, classWeight: 'balanced' };
const MODEL_PATH = resolve(__dirname, '../src/algorithms/models/risk-tree.v1.json');

function main(): void {
  const started = performance.now();
  const transactions = generateTransactions(TRAINING_COUNT, TRAINING_SEED);
  const samples = transactions.map(({ input, isFraud }) => ({
    x: featureVector(input),
    y: isFraud ? (1 as const) : (0 as const),
  }));
  const tree = trainDecisionTree(samples, TREE_OPTIONS);
  mkdirSync(dirname(MODEL_PATH), { recursive: true });
  writeFileSync(MODEL_PATH, `${JSON.stringify(tree, null, 2)}\n`);

  const positives = samples.filter((sample) => sample.y === 1).length;
  const leaves = tree.nodes.filter((node) => node.kind === 'leaf').length;
  console.log(
    `trained on ${samples.length} synthetic orders (seed ${TRAINING_SEED}), ${positives} fraudulent`,
  );
  console.log(
    `options: maxDepth ${TREE_OPTIONS.maxDepth}, minSamplesLeaf ${TREE_OPTIONS.minSamplesLeaf}, classWeight ${JSON.stringify(TREE_OPTIONS.classWeight)}`,
  );
  console.log(
    `class weights: legit ${tree.classWeight[0].toFixed(4)}, fraud ${tree.classWeight[1].toFixed(4)}; ${tree.nodes.length} nodes, ${leaves} leaves`,
  );
  console.log(`wrote ${MODEL_PATH} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) main();
