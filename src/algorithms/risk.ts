/** Public entry point of the risk engine: features, weighted score, decision tree, policy and data. */
export { FEATURE_ORDER, featureVector, riskFeatures } from './risk-features';
export type { FeatureName, RiskFeatures, RiskInput } from './risk-features';
export { DEFAULT_RISK_WEIGHTS, scoreRisk } from './risk-score';
export type { RiskContribution } from './risk-score';
export { DECISION_TREE_VERSION, predictTree, trainDecisionTree } from './decision-tree';
export type {
  ClassWeight,
  DecisionTreeModel,
  LeafNode,
  SplitNode,
  TrainingSample,
  TreeNode,
  TreeOptions,
  TreePrediction,
} from './decision-tree';
export { parseRiskModel } from './risk-model';
export { DEFAULT_RISK_POLICY, RiskDecision, decideRisk, riskLevel } from './risk-policy';
export type { RiskPolicy, RiskVerdict } from './risk-policy';
export { SYNTHETIC_FRAUD_RATE, generateShiftedTransactions, generateTransactions } from './risk-synthetic';
export type { LabelledTransaction } from './risk-synthetic';
export { RISK_EXAMPLES } from './risk-examples';
export { calibrateToBaseRate } from './risk-calibration';
