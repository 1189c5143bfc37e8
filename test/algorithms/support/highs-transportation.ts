import loadHighs from 'highs';
import type { TransportationProblem } from '../../../src/algorithms/transportation';

/** The loaded HiGHS WebAssembly runtime. */
export type HighsRuntime = Awaited<ReturnType<typeof loadHighs>>;

/** HiGHS's verdict on a transportation instance: its optimal objective, or infeasible. */
export type HighsTransportationOutcome = { status: 'optimal'; objective: number } | { status: 'infeasible' };

/** Loads HiGHS once; loading compiles the WebAssembly module, which is slow. */
export function loadHighsRuntime(): Promise<HighsRuntime> {
  return loadHighs();
}

/**
 * Writes the transportation LP in CPLEX-LP text: minimise Σ c·x subject to row sums ≤ supply and column
 * sums ≥ demand. Its constraint matrix is totally unimodular, so the LP optimum is the integer optimum.
 */
export function transportationLp({ supply, demand, cost }: TransportationProblem): string {
  const variable = (s: number, d: number): string => `x${s}_${d}`;
  const lines: string[] = ['Minimize', ' obj:'];
  // Short lines keep well inside any LP-reader line-length limit.
  supply.forEach((_, s) =>
    demand.forEach((_, d) => lines.push(`  + ${(cost[s] as readonly number[])[d]} ${variable(s, d)}`)),
  );
  lines.push('Subject To');
  supply.forEach((units, s) => {
    lines.push(` supply${s}:`);
    demand.forEach((_, d) => lines.push(`  + ${variable(s, d)}`));
    lines.push(`  <= ${units}`);
  });
  demand.forEach((units, d) => {
    lines.push(` demand${d}:`);
    supply.forEach((_, s) => lines.push(`  + ${variable(s, d)}`));
    lines.push(`  >= ${units}`);
  });
  lines.push('End');
  return lines.join('\n');
}

/** Solves the instance with HiGHS (presolve off, so the simplex does all the work). */
export function solveWithHighs(highs: HighsRuntime, lp: string): HighsTransportationOutcome {
  const result = highs.solve(lp, { presolve: 'off', output_flag: false });
  if (result.Status === 'Optimal') return { status: 'optimal', objective: result.ObjectiveValue };
  if (result.Status === 'Infeasible') return { status: 'infeasible' };
  throw new Error(`HiGHS ended with status ${result.Status}`);
}

/**
 * The transportation LP as HiGHS's structured input (column x[s][d] has a 1 in supply row s and demand row
 * S+d), so a benchmark times the solver, not an LP-text parser.
 */
export function transportationModelData(
  highs: HighsRuntime,
  { supply, demand, cost }: TransportationProblem,
) {
  const sources = supply.length;
  const destinations = demand.length;
  const columns = sources * destinations;
  const colCost = new Float64Array(columns);
  const starts = new Int32Array(columns + 1);
  const indices = new Int32Array(2 * columns);
  for (let s = 0; s < sources; s++) {
    const row = cost[s] as readonly number[];
    for (let d = 0; d < destinations; d++) {
      const j = s * destinations + d;
      colCost[j] = row[d] as number;
      indices[2 * j] = s;
      indices[2 * j + 1] = sources + d;
      starts[j + 1] = 2 * j + 2;
    }
  }
  return {
    numCols: columns,
    numRows: sources + destinations,
    colCost,
    colLower: new Float64Array(columns),
    colUpper: new Float64Array(columns).fill(highs.infinity),
    rowLower: Float64Array.from([...supply.map(() => -highs.infinity), ...demand]),
    rowUpper: Float64Array.from([...supply, ...demand.map(() => highs.infinity)]),
    matrix: {
      format: 'csc' as const,
      numRows: sources + destinations,
      numCols: columns,
      starts,
      indices,
      values: new Float64Array(2 * columns).fill(1),
    },
  };
}
