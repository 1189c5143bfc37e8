import { DECISION_TREE_VERSION, type DecisionTreeModel, type TreeNode } from './decision-tree';
import { FEATURE_ORDER } from './risk-features';

/**
 * Validates untrusted JSON as a risk decision tree: current version, the risk features in FEATURE_ORDER,
 * and a well-formed node list (children after their parent, so the tree is finite and acyclic). Throws an
 * error saying what is wrong.
 */
export function parseRiskModel(json: unknown): DecisionTreeModel {
  const model = requireObject(json, 'risk model');
  if (model.version !== DECISION_TREE_VERSION) {
    throw new Error(
      `risk model version must be ${DECISION_TREE_VERSION}, got ${JSON.stringify(model.version)}`,
    );
  }
  const { featureOrder, classWeight, nodes } = model;
  if (
    !Array.isArray(featureOrder) ||
    featureOrder.length !== FEATURE_ORDER.length ||
    featureOrder.some((name, index) => name !== FEATURE_ORDER[index])
  ) {
    throw new Error(`risk model featureOrder must be ${JSON.stringify(FEATURE_ORDER)}`);
  }
  const weights = requireObject(classWeight, 'risk model classWeight');
  for (const label of ['0', '1']) {
    if (!isFiniteNumber(weights[label]) || (weights[label] as number) <= 0) {
      throw new Error(`risk model classWeight.${label} must be a positive number`);
    }
  }
  if (!Array.isArray(nodes) || nodes.length === 0)
    throw new Error('risk model nodes must be a non-empty array');
  const parsedNodes = nodes.map((node: unknown, index) => parseNode(node, index, nodes.length));
  return {
    version: DECISION_TREE_VERSION,
    featureOrder: [...FEATURE_ORDER],
    classWeight: { 0: weights['0'] as number, 1: weights['1'] as number },
    nodes: parsedNodes,
  };
}

function parseNode(json: unknown, index: number, nodeCount: number): TreeNode {
  const node = requireObject(json, `risk model node ${index}`);
  if (node.kind === 'leaf') {
    const { fraudProbability, samples, positives } = node;
    if (!isFiniteNumber(fraudProbability) || fraudProbability < 0 || fraudProbability > 1) {
      throw new Error(`risk model node ${index} fraudProbability must be in [0, 1]`);
    }
    if (!isCount(samples) || !isCount(positives) || positives > samples) {
      throw new Error(`risk model node ${index} must have integer samples >= positives >= 0`);
    }
    return { kind: 'leaf', fraudProbability, samples, positives };
  }
  if (node.kind === 'split') {
    const { feature, threshold, left, right } = node;
    if (!isCount(feature) || feature >= FEATURE_ORDER.length) {
      throw new Error(`risk model node ${index} feature must be an index below ${FEATURE_ORDER.length}`);
    }
    if (!isFiniteNumber(threshold))
      throw new Error(`risk model node ${index} threshold must be a finite number`);
    for (const [side, child] of [
      ['left', left],
      ['right', right],
    ] as const) {
      if (!isCount(child) || child <= index || child >= nodeCount) {
        throw new Error(
          `risk model node ${index} ${side} child must be a later node index below ${nodeCount}`,
        );
      }
    }
    return { kind: 'split', feature, threshold, left: left as number, right: right as number };
  }
  throw new Error(
    `risk model node ${index} kind must be "split" or "leaf", got ${JSON.stringify(node.kind)}`,
  );
}

function requireObject(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${name} must be an object`);
  return value as Record<string, unknown>;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
