import { FEATURE_ORDER } from './risk-features';

/** Version of the serialised tree format; bump it when the shape changes. */
export const DECISION_TREE_VERSION = 1;

/** A labelled training example: a feature vector and whether it was fraud (1) or legitimate (0). */
export interface TrainingSample {
  x: number[];
  y: 0 | 1;
}

/** Per-class sample weights; 'balanced' weighs each class by n / (2 · n_class). */
export type ClassWeight = 'balanced' | { 0: number; 1: number };

/** CART hyper-parameters. */
export interface TreeOptions {
  maxDepth: number;
  minSamplesLeaf: number;
  classWeight: ClassWeight;
}

/** Internal node: vectors with x[feature] <= threshold go left, the rest right. */
export interface SplitNode {
  kind: 'split';
  feature: number;
  threshold: number;
  left: number;
  right: number;
}

/** Leaf: class-weighted fraud share of the training samples that reached it. */
export interface LeafNode {
  kind: 'leaf';
  fraudProbability: number;
  samples: number;
  positives: number;
}

/** A node of the tree; children always have larger indices than their parent. */
export type TreeNode = SplitNode | LeafNode;

/** A JSON-serialisable binary classification tree; nodes[0] is the root. */
export interface DecisionTreeModel {
  version: typeof DECISION_TREE_VERSION;
  featureOrder: string[];
  classWeight: { 0: number; 1: number };
  nodes: TreeNode[];
}

/** A test passed on the way to a leaf. */
export interface TreeCondition {
  feature: string;
  operator: '<=' | '>';
  threshold: number;
}

/** A prediction and the conditions met on the way to its leaf, as text ("chargebackRate > 0.25") and data. */
export interface TreePrediction {
  fraudProbability: number;
  path: string[];
  conditions: TreeCondition[];
}

/**
 * Trains a CART tree with class-weighted Gini impurity. Class weights also enter the leaf probabilities,
 * so with 'balanced' weights a rare class is not drowned out: a leaf holding 2% of the legitimate samples
 * and 2% of the fraud samples scores 0.5, not 0.02. Its probabilities are therefore relative to a balanced
 * prior, which is what the thresholds of the risk policy are tuned for.
 */
export function trainDecisionTree(
  samples: TrainingSample[],
  options: TreeOptions,
  featureOrder: readonly string[] = FEATURE_ORDER,
): DecisionTreeModel {
  validateTraining(samples, options, featureOrder.length);
  const positives = samples.filter((sample) => sample.y === 1).length;
  const classWeight = resolveClassWeight(options.classWeight, samples.length, positives);
  const weights = samples.map((sample) => classWeight[sample.y]);
  const nodes: TreeNode[] = [];

  const grow = (indices: number[], depth: number): number => {
    const id = nodes.length;
    const leaf = leafFor(indices, samples, weights);
    nodes.push(leaf);
    if (depth >= options.maxDepth || leaf.positives === 0 || leaf.positives === indices.length) return id;
    const split = bestSplit(indices, samples, weights, options.minSamplesLeaf, featureOrder.length);
    if (split === null) return id;
    const goesLeft = (index: number): boolean =>
      ((samples[index] as TrainingSample).x[split.feature] as number) <= split.threshold;
    const left = grow(indices.filter(goesLeft), depth + 1);
    const right = grow(
      indices.filter((index) => !goesLeft(index)),
      depth + 1,
    );
    nodes[id] = { kind: 'split', feature: split.feature, threshold: split.threshold, left, right };
    return id;
  };
  grow(
    samples.map((_, index) => index),
    0,
  );
  return { version: DECISION_TREE_VERSION, featureOrder: [...featureOrder], classWeight, nodes };
}

/** Walks the tree for one feature vector (in the tree's featureOrder). */
export function predictTree(tree: DecisionTreeModel, x: number[]): TreePrediction {
  if (x.length !== tree.featureOrder.length) {
    throw new Error(`expected ${tree.featureOrder.length} features, got ${x.length}`);
  }
  const conditions: TreeCondition[] = [];
  let node = tree.nodes[0];
  while (node !== undefined && node.kind === 'split') {
    const goLeft = (x[node.feature] as number) <= node.threshold;
    conditions.push({
      feature: tree.featureOrder[node.feature] ?? `x${node.feature}`,
      operator: goLeft ? '<=' : '>',
      threshold: node.threshold,
    });
    node = tree.nodes[goLeft ? node.left : node.right];
  }
  if (node === undefined) throw new Error('malformed tree: a child index points past the node list');
  const path = conditions.map(formatCondition);
  return { fraudProbability: node.fraudProbability, path, conditions };
}

/**
 * The same conditions with each feature's repeated tests merged into its tightest bounds, in order of
 * first appearance: ["x <= 0.9", "x > 0.2", "x > 0.5"] becomes ["0.5 < x <= 0.9"].
 */
export function condenseConditions(conditions: TreeCondition[]): string[] {
  const bounds = new Map<string, { above: number; atMost: number }>();
  for (const { feature, operator, threshold } of conditions) {
    const bound = bounds.get(feature) ?? { above: -Infinity, atMost: Infinity };
    if (operator === '>') bound.above = Math.max(bound.above, threshold);
    else bound.atMost = Math.min(bound.atMost, threshold);
    bounds.set(feature, bound);
  }
  return [...bounds].map(([feature, { above, atMost }]) => {
    if (above === -Infinity) return `${feature} <= ${atMost}`;
    if (atMost === Infinity) return `${feature} > ${above}`;
    return `${above} < ${feature} <= ${atMost}`;
  });
}

function formatCondition({ feature, operator, threshold }: TreeCondition): string {
  return `${feature} ${operator} ${threshold}`;
}

function resolveClassWeight(
  classWeight: ClassWeight,
  count: number,
  positives: number,
): { 0: number; 1: number } {
  if (classWeight !== 'balanced') return { 0: classWeight[0], 1: classWeight[1] };
  const negatives = count - positives;
  return {
    0: negatives === 0 ? 1 : count / (2 * negatives),
    1: positives === 0 ? 1 : count / (2 * positives),
  };
}

function leafFor(indices: number[], samples: TrainingSample[], weights: number[]): LeafNode {
  let positiveWeight = 0;
  let totalWeight = 0;
  let positives = 0;
  for (const index of indices) {
    const weight = weights[index] as number;
    totalWeight += weight;
    if ((samples[index] as TrainingSample).y === 1) {
      positiveWeight += weight;
      positives++;
    }
  }
  const fraudProbability = totalWeight === 0 ? 0 : round(positiveWeight / totalWeight, 4);
  return { kind: 'leaf', fraudProbability, samples: indices.length, positives };
}

/** The split with the largest weighted Gini decrease that leaves `minSamplesLeaf` on each side, if any. */
function bestSplit(
  indices: number[],
  samples: TrainingSample[],
  weights: number[],
  minSamplesLeaf: number,
  featureCount: number,
): { feature: number; threshold: number } | null {
  let totalWeight = 0;
  let totalPositive = 0;
  for (const index of indices) {
    totalWeight += weights[index] as number;
    if ((samples[index] as TrainingSample).y === 1) totalPositive += weights[index] as number;
  }
  const parentImpurity = weightedGini(totalPositive, totalWeight);
  let best: { feature: number; threshold: number } | null = null;
  // A split must beat its parent by more than rounding noise.
  let bestImpurity = parentImpurity - 1e-12 * totalWeight;
  for (let feature = 0; feature < featureCount; feature++) {
    const value = (index: number): number => (samples[index] as TrainingSample).x[feature] as number;
    const sorted = [...indices].sort((a, b) => value(a) - value(b));
    let leftWeight = 0;
    let leftPositive = 0;
    for (let k = 1; k < sorted.length; k++) {
      const previous = sorted[k - 1] as number;
      leftWeight += weights[previous] as number;
      if ((samples[previous] as TrainingSample).y === 1) leftPositive += weights[previous] as number;
      if (k < minSamplesLeaf || sorted.length - k < minSamplesLeaf) continue;
      const low = value(previous);
      const high = value(sorted[k] as number);
      if (low === high) continue;
      const impurity =
        weightedGini(leftPositive, leftWeight) +
        weightedGini(totalPositive - leftPositive, totalWeight - leftWeight);
      if (impurity < bestImpurity) {
        bestImpurity = impurity;
        best = { feature, threshold: readableThreshold(low, high) };
      }
    }
  }
  return best;
}

/** Gini impurity of a node scaled by its weight, W · (1 − p² − (1 − p)²) = 2·w₁·w₀ / W. */
function weightedGini(positiveWeight: number, totalWeight: number): number {
  return totalWeight === 0 ? 0 : (2 * positiveWeight * (totalWeight - positiveWeight)) / totalWeight;
}

/** A short threshold in [low, high): keeps the serialised tree and its paths readable. */
function readableThreshold(low: number, high: number): number {
  for (let digits = 1; digits <= 6; digits++) {
    const candidate = round((low + high) / 2, digits);
    if (candidate >= low && candidate < high) return candidate;
  }
  return (low + high) / 2;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function validateTraining(samples: TrainingSample[], options: TreeOptions, featureCount: number): void {
  if (samples.length === 0) throw new Error('cannot train a tree on no samples');
  if (!Number.isInteger(options.maxDepth) || options.maxDepth < 0) {
    throw new Error(`maxDepth must be a non-negative integer, got ${options.maxDepth}`);
  }
  if (!Number.isInteger(options.minSamplesLeaf) || options.minSamplesLeaf < 1) {
    throw new Error(`minSamplesLeaf must be a positive integer, got ${options.minSamplesLeaf}`);
  }
  if (options.classWeight !== 'balanced') {
    const { 0: negative, 1: positive } = options.classWeight;
    if (!(negative > 0 && positive > 0 && Number.isFinite(negative) && Number.isFinite(positive))) {
      throw new Error('class weights must be positive finite numbers');
    }
  }
  samples.forEach((sample, index) => {
    if (sample.x.length !== featureCount || !sample.x.every(Number.isFinite)) {
      throw new Error(`sample ${index} must have ${featureCount} finite features`);
    }
    if (sample.y !== 0 && sample.y !== 1) throw new Error(`sample ${index} label must be 0 or 1`);
  });
}
