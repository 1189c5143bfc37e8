import { solveBalancedTransportation } from './network-simplex';
import { requireCount, sum } from './numbers';

/** Supply per source, demand per destination and cost per unit shipped from source s to destination d. */
export interface TransportationProblem {
  supply: readonly number[];
  demand: readonly number[];
  cost: readonly (readonly number[])[];
}

/** Outcome kinds of a transportation solve. */
export const TransportationStatus = { optimal: 'optimal', infeasible: 'infeasible' } as const;
/** Outcome kind of a transportation solve. */
export type TransportationStatus = (typeof TransportationStatus)[keyof typeof TransportationStatus];

/** An exact optimum (flows[s][d] integral), or the shortage when total supply cannot meet total demand. */
export type TransportationResult =
  { status: 'optimal'; totalCost: number; flows: number[][] } | { status: 'infeasible'; shortage: number };

/**
 * Solves the transportation problem exactly with a network simplex. Leftover supply stays where it is
 * (an implicit zero-cost dummy destination). Throws on malformed input.
 */
export function solveTransportation(problem: TransportationProblem): TransportationResult {
  const { supply, demand, cost } = problem;
  validate(problem);
  const totalSupply = sum(supply);
  const totalDemand = sum(demand);
  if (totalSupply < totalDemand) {
    return { status: TransportationStatus.infeasible, shortage: totalDemand - totalSupply };
  }
  const flows = supply.map(() => new Array<number>(demand.length).fill(0));

  // Zero rows and columns can carry no flow; dropping them shrinks the network and gives every simplex
  // node a non-zero balance.
  const sources = indicesOfPositive(supply);
  const destinations = indicesOfPositive(demand);
  if (destinations.length === 0) return { status: TransportationStatus.optimal, totalCost: 0, flows };
  const excess = totalSupply - totalDemand;
  const columns = destinations.length + (excess > 0 ? 1 : 0);
  const reducedDemand = new Float64Array(columns);
  for (let k = 0; k < destinations.length; k++)
    reducedDemand[k] = demand[destinations[k] as number] as number;
  if (excess > 0) reducedDemand[destinations.length] = excess;
  // The dummy column keeps its zero costs.
  const reducedCost = new Float64Array(sources.length * columns);
  for (let row = 0; row < sources.length; row++) {
    const costRow = cost[sources[row] as number] as readonly number[];
    for (let k = 0; k < destinations.length; k++)
      reducedCost[row * columns + k] = costRow[destinations[k] as number] as number;
  }

  const reducedFlows = solveBalancedTransportation({
    supply: Float64Array.from(sources, (s) => supply[s] as number),
    demand: reducedDemand,
    cost: reducedCost,
  });
  let totalCost = 0;
  for (let row = 0; row < sources.length; row++) {
    const flowRow = flows[sources[row] as number] as number[];
    for (let k = 0; k < destinations.length; k++) {
      const flow = reducedFlows[row * columns + k] as number;
      if (flow === 0) continue;
      flowRow[destinations[k] as number] = flow;
      totalCost += flow * (reducedCost[row * columns + k] as number);
    }
  }
  return { status: TransportationStatus.optimal, totalCost, flows };
}

function validate({ supply, demand, cost }: TransportationProblem): void {
  if (!Array.isArray(supply)) throw new Error('supply must be an array of non-negative integers');
  if (!Array.isArray(demand)) throw new Error('demand must be an array of non-negative integers');
  supply.forEach((value, s) => requireCount(value, `supply[${s}]`));
  demand.forEach((value, d) => requireCount(value, `demand[${d}]`));
  if (!Array.isArray(cost) || cost.length !== supply.length) {
    const got = Array.isArray(cost) ? cost.length : typeof cost;
    throw new Error(`cost must have ${supply.length} rows (one per source), got ${got}`);
  }
  let maxCost = 0;
  for (let s = 0; s < cost.length; s++) {
    const row: unknown = cost[s];
    if (!Array.isArray(row) || row.length !== demand.length) {
      const got = Array.isArray(row) ? row.length : typeof row;
      throw new Error(`cost[${s}] must have ${demand.length} entries (one per destination), got ${got}`);
    }
    for (let d = 0; d < row.length; d++) {
      const value: unknown = row[d];
      // Checked inline because this loop sees every cell; requireCount builds the message only on failure.
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        requireCount(value, `cost[${s}][${d}]`);
      else if (value > maxCost) maxCost = value;
    }
  }
  // Potentials reach about (nodes + 2)·(maxCost + 1) and the objective totalSupply·maxCost; both must stay
  // exactly representable for the solver's integer arithmetic to be exact.
  const bound = (maxCost + 1) * (sum(supply) + 2 * (supply.length + demand.length + 2));
  if (!(bound <= Number.MAX_SAFE_INTEGER)) {
    throw new Error('instance too large for exact arithmetic: reduce costs or quantities');
  }
}

function indicesOfPositive(values: readonly number[]): number[] {
  const indices: number[] = [];
  for (let k = 0; k < values.length; k++) if ((values[k] as number) > 0) indices.push(k);
  return indices;
}
