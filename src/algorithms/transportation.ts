import { solveBalancedTransportation } from './network-simplex';
import { requireCount, sum } from './numbers';

/**
 * Supply per source, demand per destination and cost per unit shipped from source s to destination d.
 *
 * The integer contract: every supply, demand and cost is a non-negative safe integer (dense arrays, no
 * holes), and (max cost + 1)·(max(Σsupply, Σdemand) + 2·(sources + destinations + 2)) stays at or below
 * 2^53 − 1. Under it the solver's arithmetic is exact, so its optimum is exact, not approximately optimal.
 * Callers with fractional prices scale them to integers first (allocation uses millionths).
 */
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
  const flows = Array.from(supply, () => new Array<number>(demand.length).fill(0));

  // Zero rows and columns can carry no flow; dropping them shrinks the network and gives every simplex
  // node a non-zero balance.
  const sources = indicesOfPositive(supply);
  const destinations = indicesOfPositive(demand);
  if (destinations.length === 0) return { status: TransportationStatus.optimal, totalCost: 0, flows };
  if (destinations.length === 1) return fillCheapestFirst(problem, sources, destinations[0] as number, flows);
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

/**
 * One destination: filling it from the cheapest sources first (ties by index) is optimal, in O(N log N)
 * instead of a simplex. The simplex gives the same cost (a test checks identical flows when costs differ).
 */
function fillCheapestFirst(
  { supply, demand, cost }: TransportationProblem,
  sources: number[],
  destination: number,
  flows: number[][],
): TransportationResult {
  const unitCost = (s: number): number => (cost[s] as readonly number[])[destination] as number;
  const order = [...sources].sort((a, b) => unitCost(a) - unitCost(b) || a - b);
  let remaining = demand[destination] as number;
  let totalCost = 0;
  for (const s of order) {
    if (remaining === 0) break;
    const taken = Math.min(remaining, supply[s] as number);
    (flows[s] as number[])[destination] = taken;
    totalCost += taken * unitCost(s);
    remaining -= taken;
  }
  return { status: TransportationStatus.optimal, totalCost, flows };
}

function validate({ supply, demand, cost }: TransportationProblem): void {
  if (!Array.isArray(supply)) throw new Error('supply must be an array of non-negative integers');
  if (!Array.isArray(demand)) throw new Error('demand must be an array of non-negative integers');
  // Indexed loops, not forEach: forEach skips the holes of a sparse array, which would pass unchecked.
  for (let s = 0; s < supply.length; s++) requireCount(supply[s], `supply[${s}]`);
  for (let d = 0; d < demand.length; d++) requireCount(demand[d], `demand[${d}]`);
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
  // Σdemand too: an infeasible instance reports its shortage, which must be exact as well.
  const flowBound = Math.max(sum(supply), sum(demand));
  const bound = (maxCost + 1) * (flowBound + 2 * (supply.length + demand.length + 2));
  if (!(bound <= Number.MAX_SAFE_INTEGER)) {
    throw new Error('instance too large for exact arithmetic: reduce costs or quantities');
  }
}

function indicesOfPositive(values: readonly number[]): number[] {
  const indices: number[] = [];
  for (let k = 0; k < values.length; k++) if ((values[k] as number) > 0) indices.push(k);
  return indices;
}
