/**
 * Trains the shipped risk decision tree on seeded synthetic data and writes
 * src/algorithms/models/risk-tree.v1.json (or the file after `--out`). Deterministic: the same code always
 * writes the same bytes, which a test checks against the shipped file.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  featureVector,
  generateTransactions,
  trainDecisionTree,
  type TrainingSample,
  type TreeOptions,
} from '../src/algorithms/risk';
import { createDb } from '../src/db/knex';
import { loadLabelledOutcomes } from '../src/db/repos/risk-outcomes.repo';

/** Seed and size of the training set; risk-evaluate.ts uses a different seed for held-out data. */
export const TRAINING_SEED = 1;
export const TRAINING_COUNT = 60_000;
export const TREE_OPTIONS: TreeOptions = { maxDepth: 6, minSamplesLeaf: 40, classWeight: 'balanced' };
export const MODEL_PATH = resolve(__dirname, '../src/algorithms/models/risk-tree.v1.json');

/** The training samples: seeded synthetic orders as feature vectors with their labels. */
export function trainingSamples(): TrainingSample[] {
  return generateTransactions(TRAINING_COUNT, TRAINING_SEED).map(({ input, isFraud }) => ({
    x: featureVector(input),
    y: isFraud ? (1 as const) : (0 as const),
  }));
}

/** Labelled real orders (chargebacks, and completed orders past the chargeback window) from a database. */
async function outcomeSamples(databaseUrl: string): Promise<TrainingSample[]> {
  const db = createDb(databaseUrl);
  try {
    const outcomes = await loadLabelledOutcomes(db);
    return outcomes.map(({ input, isFraud }) => ({
      x: featureVector(input),
      y: isFraud ? (1 as const) : (0 as const),
    }));
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const outAt = process.argv.indexOf('--out');
  const path =
    outAt >= 0 && process.argv[outAt + 1] ? resolve(process.argv[outAt + 1] as string) : MODEL_PATH;
  // `--with-outcomes`: add the shop's labelled orders (DATABASE_URL) to the synthetic set. Without it the
  // model is the shipped one, byte for byte.
  const withOutcomes = process.argv.includes('--with-outcomes');
  const real = withOutcomes ? await outcomeSamples(requireDatabaseUrl()) : [];
  const samples = [...trainingSamples(), ...real];
  const tree = trainDecisionTree(samples, TREE_OPTIONS);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(tree, null, 2)}\n`);

  const positives = samples.filter((sample) => sample.y === 1).length;
  const leaves = tree.nodes.filter((node) => node.kind === 'leaf').length;
  console.log(
    `trained on ${samples.length - real.length} synthetic orders (seed ${TRAINING_SEED}) and ${real.length} labelled real ones, ${positives} fraudulent`,
  );
  console.log(
    `options: maxDepth ${TREE_OPTIONS.maxDepth}, minSamplesLeaf ${TREE_OPTIONS.minSamplesLeaf}, classWeight ${JSON.stringify(TREE_OPTIONS.classWeight)}`,
  );
  console.log(
    `class weights: legit ${tree.classWeight[0].toFixed(4)}, fraud ${tree.classWeight[1].toFixed(4)}; ${tree.nodes.length} nodes, ${leaves} leaves`,
  );
  console.log(`wrote ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      '--with-outcomes reads labelled orders from DATABASE_URL (e.g. the one `npm start` prints)',
    );
    process.exit(2);
  }
  return url;
}

if (require.main === module) void main();
