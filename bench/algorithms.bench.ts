/**
 * Benchmarks solveTransportation against HiGHS on the same seeded instances in one run, and checks that
 * both find the same optimum (exits non-zero if any differs). HiGHS gets a structured model (compressed
 * sparse columns passed straight in, no LP text to parse), built before its clock starts, and is timed
 * with presolve off and on; both ratios are printed. Families: dense random costs, and the degenerate
 * structured family cost = s·d with equal supplies and demands, where many pivots change no flow.
 */
import { mulberry32 } from '../src/algorithms/prng';
import { solveTransportation, type TransportationProblem } from '../src/algorithms/transportation';
import { solveModelData } from '../test/algorithms/support/highs-model';
import { loadHighsRuntime, transportationModelData } from '../test/algorithms/support/highs-transportation';
import { median, timed } from './timing';

type Family = 'random' | 's·d';

const CASES: { family: Family; sources: number; destinations: number; repetitions: number }[] = [
  { family: 'random', sources: 50, destinations: 50, repetitions: 7 },
  { family: 'random', sources: 200, destinations: 200, repetitions: 5 },
  { family: 'random', sources: 1000, destinations: 200, repetitions: 3 },
  { family: 'random', sources: 1000, destinations: 1000, repetitions: 1 },
  { family: 'random', sources: 2000, destinations: 500, repetitions: 1 },
  { family: 's·d', sources: 100, destinations: 100, repetitions: 3 },
  { family: 's·d', sources: 200, destinations: 200, repetitions: 1 },
  { family: 's·d', sources: 1000, destinations: 50, repetitions: 1 },
];

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

/** cost[s][d] = (s+1)(d+1) with every source supplying what every destination wants: highly degenerate. */
function productInstance(sources: number, destinations: number, seed: number): TransportationProblem {
  const units = 10 + (seed % 7);
  const supply = Array.from({ length: sources }, () => units * destinations);
  const demand = Array.from({ length: destinations }, () => units * sources);
  const cost = supply.map((_, s) => demand.map((_, d) => (s + 1) * (d + 1)));
  return { supply, demand, cost };
}

async function main(): Promise<void> {
  const highs = await loadHighsRuntime();
  // One small solve first so neither side pays JIT or WebAssembly warm-up inside the measurements.
  const warmUp = randomInstance(20, 20, 1);
  solveTransportation(warmUp);
  solveModelData(highs, transportationModelData(highs, warmUp), 'off');

  let allEqual = true;
  console.log(
    '| family | size | ours ms | HiGHS ms, presolve off | HiGHS ms, presolve on | ratio (off) | ratio (on) | optima equal |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: |');
  for (const { family, sources, destinations, repetitions } of CASES) {
    const times = { ours: [] as number[], off: [] as number[], on: [] as number[] };
    let equal = true;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const seed = 1000 * sources + destinations + repetition;
      const problem =
        family === 'random'
          ? randomInstance(sources, destinations, seed)
          : productInstance(sources, destinations, seed);
      const data = transportationModelData(highs, problem);
      const ours = timed(() => solveTransportation(problem));
      times.ours.push(ours.ms);
      for (const presolve of ['off', 'on'] as const) {
        const reference = timed(() => solveModelData(highs, data, presolve));
        times[presolve].push(reference.ms);
        const same =
          ours.value.status === 'optimal' &&
          reference.value.status === 'optimal' &&
          Math.abs(ours.value.totalCost - reference.value.objective) <=
            1e-6 * Math.max(1, reference.value.objective);
        if (!same)
          console.error(`${family} ${sources}×${destinations} #${repetition} (presolve ${presolve}) differs`);
        equal &&= same;
      }
    }
    allEqual &&= equal;
    const [ours, off, on] = [median(times.ours), median(times.off), median(times.on)];
    console.log(
      `| ${family} | ${sources}×${destinations} | ${ours.toFixed(1)} | ${off.toFixed(1)} | ${on.toFixed(1)} | ${(off / ours).toFixed(1)}× | ${(on / ours).toFixed(1)}× | ${equal ? 'yes' : 'no'} |`,
    );
  }
  console.log(
    'Medians over the repetitions; ratio = HiGHS time / our time on the same instances in this run.',
  );
  if (!allEqual) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
