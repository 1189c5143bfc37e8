import fc from 'fast-check';
import { solveBalancedTransportation } from '../../src/algorithms/network-simplex';
import { solveTransportation, type TransportationProblem } from '../../src/algorithms/transportation';
import {
  loadHighsRuntime,
  solveWithHighs,
  transportationLp,
  type HighsRuntime,
} from './support/highs-transportation';
import { bruteForceMinimumCost, expectFeasibleFlows } from './support/transportation-checks';

/** Instances up to maxSize × maxSize, rich in zeros, ties and degenerate partial sums. */
function instances(
  maxSize: number,
  maxQuantity: number,
  maxCost: number,
): fc.Arbitrary<TransportationProblem> {
  const quantity = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: maxQuantity }));
  return fc
    .record({
      sources: fc.integer({ min: 1, max: maxSize }),
      destinations: fc.integer({ min: 1, max: maxSize }),
      costCeiling: fc.integer({ min: 0, max: maxCost }),
    })
    .chain(({ sources, destinations, costCeiling }) =>
      fc.record({
        supply: fc.array(quantity, { minLength: sources, maxLength: sources }),
        demand: fc.array(quantity, { minLength: destinations, maxLength: destinations }),
        cost: fc.array(
          fc.array(fc.integer({ min: 0, max: costCeiling }), {
            minLength: destinations,
            maxLength: destinations,
          }),
          { minLength: sources, maxLength: sources },
        ),
      }),
    );
}

/** The values with a hole (a missing index, not undefined) at `at`, as a sparse array literal would have. */
function holey(values: number[], at: number): number[] {
  const sparse = new Array<number>(values.length);
  values.forEach((value, index) => {
    if (index !== at) sparse[index] = value;
  });
  return sparse;
}

/** The network simplex itself on a one-destination instance (leftover supply to a zero-cost dummy column). */
function simplexOnOneDestination(supply: number[], demand: number, cost: number[]): number[] {
  const positive = supply.flatMap((units, s) => (units > 0 ? [s] : []));
  const excess = total(supply) - demand;
  const columns = excess > 0 ? 2 : 1;
  const flows = solveBalancedTransportation({
    supply: Float64Array.from(positive, (s) => supply[s] as number),
    demand: Float64Array.from(excess > 0 ? [demand, excess] : [demand]),
    cost: Float64Array.from(
      positive.flatMap((s) => (excess > 0 ? [cost[s] as number, 0] : [cost[s] as number])),
    ),
  });
  const result = supply.map(() => 0);
  positive.forEach((s, row) => (result[s] = flows[row * columns] as number));
  return result;
}

const total = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0);

describe('solveTransportation', () => {
  let highs: HighsRuntime;
  beforeAll(async () => {
    highs = await loadHighsRuntime();
  });

  /** Same status and optimum as HiGHS, and flows that satisfy every constraint. */
  const agreesWithHighs = (problem: TransportationProblem) => {
    const ours = solveTransportation(problem);
    const reference = solveWithHighs(highs, transportationLp(problem));
    expect(ours.status).toBe(reference.status);
    if (ours.status === 'optimal' && reference.status === 'optimal') {
      expect(ours.totalCost).toBeCloseTo(reference.objective, 6);
      expectFeasibleFlows(problem, ours.flows, ours.totalCost);
    }
  };

  describe('against HiGHS on random instances', () => {
    it('when an instance is solved, then the optimum, feasibility and status all agree with HiGHS', () => {
      fc.assert(fc.property(instances(8, 20, 20), agreesWithHighs), { numRuns: 400 });
    });

    it('when costs take only a few equal values, then ties still lead to the HiGHS optimum', () => {
      fc.assert(fc.property(instances(8, 6, 2), agreesWithHighs), { numRuns: 300 });
    });

    it('when instances are larger, then the optimum still matches HiGHS', () => {
      fc.assert(fc.property(instances(40, 50, 100), agreesWithHighs), { numRuns: 40 });
    });
  });

  it('when an instance is tiny, then the optimum equals the brute-force minimum over all integral flows', () => {
    fc.assert(
      fc.property(instances(3, 5, 9), (problem) => {
        fc.pre(problem.supply.length * problem.demand.length <= 6);
        const ours = solveTransportation(problem);
        const brute = bruteForceMinimumCost(problem);
        if (brute === null) {
          expect(ours.status).toBe('infeasible');
        } else {
          expect(ours).toMatchObject({ status: 'optimal', totalCost: brute });
        }
      }),
      { numRuns: 400 },
    );
  });

  it('when total supply is below total demand, then it reports the shortage, and only then', () => {
    fc.assert(
      fc.property(instances(8, 20, 20), (problem) => {
        const shortage = total(problem.demand) - total(problem.supply);
        const result = solveTransportation(problem);
        if (shortage > 0) expect(result).toEqual({ status: 'infeasible', shortage });
        else expect(result.status).toBe('optimal');
      }),
    );
  });

  describe('on textbook instances', () => {
    it('when solving the classic Vogel example, then the optimum is 743 where Vogel alone gives 779', () => {
      // Supplies 7, 9, 18 and demands 5, 8, 7, 14: the standard worked example in operations-research texts.
      const problem = {
        supply: [7, 9, 18],
        demand: [5, 8, 7, 14],
        cost: [
          [19, 30, 50, 10],
          [70, 30, 40, 60],
          [40, 8, 70, 20],
        ],
      };
      const result = solveTransportation(problem);
      expect(result).toMatchObject({ status: 'optimal', totalCost: 743 });
      if (result.status === 'optimal') expectFeasibleFlows(problem, result.flows, result.totalCost);
    });

    it('when supply exceeds demand, then the cheapest sources ship and the rest stays put', () => {
      const problem = {
        supply: [30, 30, 30],
        demand: [20, 25],
        cost: [
          [8, 6],
          [2, 9],
          [5, 1],
        ],
      };
      const result = solveTransportation(problem);
      // Source 1 serves destination 0 at 2/unit and source 2 serves destination 1 at 1/unit.
      expect(result).toEqual({
        status: 'optimal',
        totalCost: 65,
        flows: [
          [0, 0],
          [20, 0],
          [0, 25],
        ],
      });
    });

    it('when every cost is equal and quantities match pairwise, then any degenerate optimum costs the same', () => {
      const problem = {
        supply: [10, 10, 10],
        demand: [10, 10, 10],
        cost: [
          [4, 4, 4],
          [4, 4, 4],
          [4, 4, 4],
        ],
      };
      const result = solveTransportation(problem);
      expect(result).toMatchObject({ status: 'optimal', totalCost: 120 });
      if (result.status === 'optimal') expectFeasibleFlows(problem, result.flows, result.totalCost);
    });
  });

  describe('on edge cases', () => {
    it('when nothing is demanded, then nothing ships at zero cost', () => {
      expect(
        solveTransportation({
          supply: [3, 0],
          demand: [0, 0],
          cost: [
            [1, 2],
            [3, 4],
          ],
        }),
      ).toEqual({
        status: 'optimal',
        totalCost: 0,
        flows: [
          [0, 0],
          [0, 0],
        ],
      });
    });

    it('when there are no sources but some demand, then the whole demand is the shortage', () => {
      expect(solveTransportation({ supply: [], demand: [2, 3], cost: [] })).toEqual({
        status: 'infeasible',
        shortage: 5,
      });
    });

    it('when a source has zero supply, then it ships nothing even at zero cost', () => {
      const result = solveTransportation({ supply: [0, 5], demand: [5], cost: [[0], [7]] });
      expect(result).toEqual({ status: 'optimal', totalCost: 35, flows: [[0], [5]] });
    });

    it('when all costs are zero, then the optimum is zero and flows remain feasible', () => {
      const problem = {
        supply: [4, 6],
        demand: [3, 3, 3],
        cost: [
          [0, 0, 0],
          [0, 0, 0],
        ],
      };
      const result = solveTransportation(problem);
      expect(result).toMatchObject({ status: 'optimal', totalCost: 0 });
      if (result.status === 'optimal') expectFeasibleFlows(problem, result.flows, 0);
    });
  });

  describe('with a single destination', () => {
    const oneColumn = fc
      .integer({ min: 1, max: 12 })
      .chain((sources) =>
        fc.record({
          supply: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: sources, maxLength: sources }),
          cost: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: sources, maxLength: sources }),
          share: fc.double({ min: 0.05, max: 1, noNaN: true }),
        }),
      )
      .filter(({ supply }) => total(supply) > 0)
      .map(({ supply, cost, share }) => ({
        supply,
        cost,
        demand: Math.max(1, Math.floor(share * total(supply))),
      }));

    it('when the fast path fills cheapest first, then it costs exactly what the simplex costs', () => {
      fc.assert(
        fc.property(oneColumn, ({ supply, cost, demand }) => {
          const problem = { supply, demand: [demand], cost: cost.map((c) => [c]) };
          const fast = solveTransportation(problem);
          if (fast.status !== 'optimal') throw new Error('supply covers demand by construction');
          const simplex = simplexOnOneDestination(supply, demand, cost);
          expect(fast.totalCost).toBe(simplex.reduce((sum, flow, s) => sum + flow * (cost[s] as number), 0));
          expectFeasibleFlows(problem, fast.flows, fast.totalCost);
          // Distinct costs make the optimum unique, so the flows themselves must be identical.
          if (new Set(cost).size === cost.length) expect(fast.flows.map((row) => row[0])).toEqual(simplex);
        }),
        { numRuns: 400 },
      );
    });

    it('when zero-demand columns surround the one that wants units, then only that column is filled', () => {
      const result = solveTransportation({
        supply: [4, 4],
        demand: [0, 5, 0],
        cost: [
          [0, 3, 0],
          [0, 1, 0],
        ],
      });
      expect(result).toEqual({
        status: 'optimal',
        totalCost: 4 + 3,
        flows: [
          [0, 1, 0],
          [0, 4, 0],
        ],
      });
    });
  });

  describe('on invalid input', () => {
    it.each([
      [
        'a fractional supply',
        { supply: [1.5], demand: [1], cost: [[1]] },
        'supply[0] must be a non-negative integer, got 1.5',
      ],
      [
        'a negative demand',
        { supply: [1], demand: [-1], cost: [[1]] },
        'demand[0] must be a non-negative integer, got -1',
      ],
      [
        'a NaN cost',
        { supply: [1], demand: [1], cost: [[NaN]] },
        'cost[0][0] must be a non-negative integer, got NaN',
      ],
      [
        'an infinite cost',
        { supply: [1], demand: [1], cost: [[Infinity]] },
        'cost[0][0] must be a non-negative integer, got Infinity',
      ],
      [
        'too few cost rows',
        { supply: [1, 1], demand: [1], cost: [[1]] },
        'cost must have 2 rows (one per source), got 1',
      ],
      [
        'a ragged cost matrix',
        { supply: [1, 1], demand: [1, 1], cost: [[1, 1], [1]] },
        'cost[1] must have 2 entries (one per destination), got 1',
      ],
      [
        'a hole in a sparse supply array',
        { supply: holey([1, 2, 3], 1), demand: [1], cost: [[1], [1], [1]] },
        'supply[1] must be a non-negative integer, got undefined',
      ],
      [
        'a hole in a sparse demand array',
        { supply: [3], demand: holey([1, 1], 0), cost: [[1, 1]] },
        'demand[0] must be a non-negative integer, got undefined',
      ],
      [
        'a hole in a sparse cost row',
        { supply: [3], demand: [1, 1], cost: [holey([1, 1], 1)] },
        'cost[0][1] must be a non-negative integer, got undefined',
      ],
      [
        'a total demand too large to stay exact, though supply is small',
        { supply: [1], demand: [2 ** 52, 2 ** 52], cost: [[1, 1]] },
        'instance too large for exact arithmetic',
      ],
      [
        'numbers too large to stay exact',
        { supply: [1e15], demand: [1e15], cost: [[1e6]] },
        'instance too large for exact arithmetic',
      ],
    ])('when given %s, then it throws a message naming the problem', (_, problem, message) => {
      expect(() => solveTransportation(problem)).toThrow(message);
    });
  });
});
