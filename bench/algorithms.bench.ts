/**
 * Benchmarks solveTransportation against HiGHS (simplex, presolve off) on seeded dense random instances
 * and checks that both find the same optimum. Exits non-zero if any optimum differs.
 */
import { mulberry32 } from '../src/algorithms/prng';
import { solveTransportation, type TransportationProblem } from '../src/algorithms/transportation';
import {
  loadHighsRuntime,
  solveWithHighs,
  transportationLp,
} from '../test/algorithms/support/highs-transportation';

const SIZES = [
  { sources: 50, destinations: 50, repetitions: 7 },
  { sources: 200, destinations: 200, repetitions: 5 },
  { sources: 1000, destinations: 200, repetitions: 3 },
] as const;

/** Costs 1..1000; supplies 10..100; demands share 90% of total supply, so supply always suffices. */
function randomInstance(sources: number, destinations: number, seed: number): TransportationProblem {
  const random = mulberry32(seed);
  const supply = Array.from({ length: sources }, () => random.int(10, 100));
  const shares = Array.from({ length: destinations }, () => random.int(1, 100));
  const totalSupply = supply.reduce((sum, units) => sum + units, 0);
  const totalShares = shares.reduce((sum, share) => sum + share, 0);
  const demand = shares.map((share) => Math.floor((share / totalShares) * 0.9 * totalSupply));
  const cost = supply.map(() => demand.map(() => random.int(1, 1000)));
  return { supply, demand, cost };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const highs = await loadHighsRuntime();
  // One small solve first so neither side pays JIT or WebAssembly warm-up inside the measurements.
  const warmUp = randomInstance(20, 20, 1);
  solveTransportation(warmUp);
  solveWithHighs(highs, transportationLp(warmUp));

  let allEqual = true;
  console.log('| size | ours ms (median) | HiGHS ms (median) | ratio HiGHS/ours | optima equal |');
  console.log('| --- | ---: | ---: | ---: | :---: |');
  for (const { sources, destinations, repetitions } of SIZES) {
    const oursMs: number[] = [];
    const highsMs: number[] = [];
    let equal = true;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const problem = randomInstance(sources, destinations, 1000 * sources + destinations + repetition);
      const lp = transportationLp(problem);
      const ours = timed(() => solveTransportation(problem));
      const reference = timed(() => solveWithHighs(highs, lp));
      oursMs.push(ours.ms);
      highsMs.push(reference.ms);
      const same =
        ours.value.status === 'optimal' &&
        reference.value.status === 'optimal' &&
        Math.abs(ours.value.totalCost - reference.value.objective) <=
          1e-6 * Math.max(1, reference.value.objective);
      if (!same) {
        console.error(
          `${sources}x${destinations} #${repetition}: ours ${JSON.stringify(ours.value.status === 'optimal' ? ours.value.totalCost : ours.value)}, HiGHS ${JSON.stringify(reference.value)}`,
        );
      }
      equal &&= same;
    }
    allEqual &&= equal;
    const ours = median(oursMs);
    const reference = median(highsMs);
    console.log(
      `| ${sources}×${destinations} | ${ours.toFixed(1)} | ${reference.toFixed(1)} | ${(reference / ours).toFixed(1)}× | ${equal ? 'yes' : 'no'} |`,
    );
  }
  if (!allEqual) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
