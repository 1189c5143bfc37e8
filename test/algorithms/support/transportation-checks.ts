import type { TransportationProblem } from '../../../src/algorithms/transportation';

/** Throws unless flows are non-negative integers that respect supply, meet demand exactly and cost `totalCost`. */
export function expectFeasibleFlows(
  problem: TransportationProblem,
  flows: number[][],
  totalCost: number,
): void {
  const { supply, demand, cost } = problem;
  if (flows.length !== supply.length)
    throw new Error(`expected ${supply.length} flow rows, got ${flows.length}`);
  let recomputed = 0;
  const received = demand.map(() => 0);
  flows.forEach((row, s) => {
    if (row.length !== demand.length) throw new Error(`flow row ${s} has ${row.length} entries`);
    let shipped = 0;
    row.forEach((flow, d) => {
      if (!Number.isInteger(flow) || flow < 0) throw new Error(`flow[${s}][${d}] = ${flow} is not a count`);
      shipped += flow;
      received[d] = (received[d] as number) + flow;
      recomputed += flow * ((cost[s] as number[])[d] as number);
    });
    if (shipped > (supply[s] as number))
      throw new Error(`source ${s} ships ${shipped} > supply ${supply[s]}`);
  });
  received.forEach((units, d) => {
    if (units !== demand[d]) throw new Error(`destination ${d} receives ${units}, wants ${demand[d]}`);
  });
  if (recomputed !== totalCost) throw new Error(`flows cost ${recomputed}, reported ${totalCost}`);
}

/** Minimum cost by enumerating every integral flow; only for tiny instances. */
export function bruteForceMinimumCost({ supply, demand, cost }: TransportationProblem): number | null {
  const sourceCount = supply.length;
  const destinationCount = demand.length;
  const left = [...supply];
  const wanted = [...demand];
  let best: number | null = null;
  const visit = (cell: number, spent: number): void => {
    if (cell === sourceCount * destinationCount) {
      if (wanted.every((units) => units === 0) && (best === null || spent < best)) best = spent;
      return;
    }
    const s = Math.floor(cell / destinationCount);
    const d = cell % destinationCount;
    // The last source must cover whatever its destination still wants.
    const isLastSource = s === sourceCount - 1;
    const most = Math.min(left[s] as number, wanted[d] as number);
    for (let units = isLastSource ? most : 0; units <= most; units++) {
      left[s] = (left[s] as number) - units;
      wanted[d] = (wanted[d] as number) - units;
      visit(cell + 1, spent + units * ((cost[s] as number[])[d] as number));
      left[s] = (left[s] as number) + units;
      wanted[d] = (wanted[d] as number) + units;
    }
  };
  visit(0, 0);
  return best;
}
