import fs from 'node:fs';
import path from 'node:path';
import { parseRiskModel, type DecisionTreeModel } from '../algorithms/risk';

/** The versioned decision-tree model shipped in the repo (`npm run risk:train` rebuilds it). */
export const RISK_MODEL_FILE = path.resolve(__dirname, '../algorithms/models/risk-tree.v1.json');

/** Loads and validates the shipped risk model; fails at start rather than on the first order. */
export function loadRiskModel(file = RISK_MODEL_FILE): DecisionTreeModel {
  return parseRiskModel(JSON.parse(fs.readFileSync(file, 'utf8')));
}
