import shippedTree from './models/risk-tree.v1.json';
import { parseRiskModel } from './risk-model';

/** The decision tree trained by scripts/risk-train.ts and shipped with the code, validated on import. */
export const SHIPPED_RISK_MODEL = parseRiskModel(shippedTree);
