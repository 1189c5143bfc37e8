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
