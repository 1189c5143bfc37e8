import fc from 'fast-check';
import { averagePrecision, classificationReport } from '../../src/algorithms/metrics';
import {
  DEFAULT_RISK_POLICY,
  DEFAULT_RISK_WEIGHTS,
  calibrateToBaseRate,
  FEATURE_ORDER,
  RiskDecision,
  decideRisk,
  featureVector,
  generateTransactions,
  parseRiskModel,
  predictTree,
  riskFeatures,
  scoreRisk,
  trainDecisionTree,
  type RiskInput,
  type TrainingSample,
} from '../../src/algorithms/risk';
import { RISK_EXAMPLES } from '../../src/algorithms/risk-examples';
import { SHIPPED_RISK_MODEL } from '../../src/algorithms/shipped-risk-model';

const riskInputs: fc.Arbitrary<RiskInput> = fc.record({
  amountMinor: fc.integer({ min: 0, max: 1e9 }),
  currency: fc.constantFrom('EUR', 'USD', 'JPY', 'KWD'),
  accountAgeDays: fc.double({ min: 0, max: 1e5, noNaN: true }),
  priorOrders: fc.integer({ min: 0, max: 1000 }),
  priorChargebacks: fc.integer({ min: 0, max: 1000 }),
  ordersLastHour: fc.integer({ min: 0, max: 100 }),
  amountLastHourMinor: fc.integer({ min: 0, max: 1e9 }),
  shippingCountry: fc.constantFrom('DE', 'FR', 'US'),
  cardCountry: fc.option(fc.constantFrom('DE', 'FR', 'US'), { nil: null }),
  distanceFromUsualKm: fc.option(fc.double({ min: 0, max: 20_000, noNaN: true }), { nil: null }),
  maxLineQuantity: fc.integer({ min: 0, max: 1000 }),
  totalQuantity: fc.integer({ min: 0, max: 1000 }),
});

const toSamples = (count: number, seed: number): TrainingSample[] =>
  generateTransactions(count, seed).map(({ input, isFraud }) => ({
    x: featureVector(input),
    y: isFraud ? 1 : 0,
  }));

describe('riskFeatures', () => {
  it('when given any valid input, then every feature lies in [0, 1]', () => {
    fc.assert(
      fc.property(riskInputs, (input) => {
        for (const value of Object.values(riskFeatures(input))) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('when the inputs are typical, then each transform gives its documented value', () => {
    const features = riskFeatures({ ...RISK_EXAMPLES.approve, amountMinor: 50_000, accountAgeDays: 73 });
    expect(features.amount).toBeCloseTo(0.5, 12);
    expect(features.accountYouth).toBeCloseTo(0.8, 12);
    expect(
      riskFeatures({ ...RISK_EXAMPLES.approve, priorOrders: 4, priorChargebacks: 1 }).chargebackRate,
    ).toBe(0.25);
    expect(riskFeatures({ ...RISK_EXAMPLES.approve, cardCountry: null }).countryMismatch).toBe(0);
    expect(riskFeatures({ ...RISK_EXAMPLES.approve, cardCountry: 'FR' }).countryMismatch).toBe(1);
    expect(riskFeatures({ ...RISK_EXAMPLES.approve, distanceFromUsualKm: null }).distanceFromUsual).toBe(0);
  });

  it('when the currency has no minor unit, then the amount is not divided by 100', () => {
    const yen = riskFeatures({ ...RISK_EXAMPLES.approve, amountMinor: 500, currency: 'JPY' });
    const euro = riskFeatures({ ...RISK_EXAMPLES.approve, amountMinor: 50_000, currency: 'EUR' });
    expect(yen.amount).toBeCloseTo(euro.amount, 12);
  });

  it('when a count is negative, then it throws naming the field', () => {
    expect(() => riskFeatures({ ...RISK_EXAMPLES.approve, priorOrders: -1 })).toThrow(
      'priorOrders must be a non-negative number',
    );
  });
});

describe('scoreRisk', () => {
  it('when scoring, then the score is the sum of contributions, sorted largest first, and within [0, 1]', () => {
    fc.assert(
      fc.property(riskInputs, (input) => {
        const { score, contributions } = scoreRisk(input);
        expect(contributions.map((c) => c.feature).sort()).toEqual([...FEATURE_ORDER].sort());
        expect(score).toBeCloseTo(
          contributions.reduce((total, c) => total + c.contribution, 0),
          12,
        );
        contributions.forEach((c, k) => {
          expect(c.contribution).toBeCloseTo(c.value * c.weight, 12);
          if (k > 0)
            expect(c.contribution).toBeLessThanOrEqual(
              (contributions[k - 1] as { contribution: number }).contribution,
            );
        });
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it('when using the default weights, then they sum to 1 so the score stays in [0, 1]', () => {
    expect(Object.values(DEFAULT_RISK_WEIGHTS).reduce((total, weight) => total + weight, 0)).toBeCloseTo(
      1,
      12,
    );
  });

  it('when custom weights are given, then they replace the defaults', () => {
    const onlyYouth = Object.fromEntries(
      FEATURE_ORDER.map((f) => [f, f === 'accountYouth' ? 1 : 0]),
    ) as typeof DEFAULT_RISK_WEIGHTS;
    expect(scoreRisk({ ...RISK_EXAMPLES.approve, accountAgeDays: 0 }, onlyYouth).score).toBe(1);
  });
});

describe('trainDecisionTree', () => {
  it('when the classes are separable on one feature, then the tree splits on it and classifies perfectly', () => {
    const samples: TrainingSample[] = Array.from({ length: 200 }, (_, k) => {
      const x = FEATURE_ORDER.map((_, f) => ((k * (f + 3)) % 17) / 17);
      x[2] = (k % 10) / 10;
      return { x, y: (x[2] as number) > 0.55 ? 1 : 0 };
    });
    const tree = trainDecisionTree(samples, { maxDepth: 3, minSamplesLeaf: 1, classWeight: 'balanced' });
    for (const { x, y } of samples) expect(predictTree(tree, x).fraudProbability).toBe(y);
    expect(predictTree(tree, samples[9]?.x as number[]).path).toEqual(['chargebackRate > 0.55']);
  });

  it('when serialised to JSON and parsed back, then the tree is unchanged', () => {
    const tree = trainDecisionTree(toSamples(3000, 5), {
      maxDepth: 4,
      minSamplesLeaf: 10,
      classWeight: 'balanced',
    });
    expect(parseRiskModel(JSON.parse(JSON.stringify(tree)))).toEqual(tree);
  });

  it('when fraud is 2% of the data, then class balancing recovers most of it where an unweighted tree does not', () => {
    const train = toSamples(20_000, 11);
    const test = toSamples(20_000, 12);
    const actual = test.map((sample) => sample.y === 1);
    const recallWith = (classWeight: 'balanced' | { 0: number; 1: number }): number => {
      const tree = trainDecisionTree(train, { maxDepth: 4, minSamplesLeaf: 20, classWeight });
      const flagged = test.map(({ x }) => predictTree(tree, x).fraudProbability >= 0.5);
      return classificationReport(flagged, actual).recall;
    };
    const balanced = recallWith('balanced');
    const unweighted = recallWith({ 0: 1, 1: 1 });
    expect(balanced).toBeGreaterThan(0.75);
    expect(unweighted).toBeLessThan(balanced / 2);
  });

  it('when options are invalid, then it throws', () => {
    expect(() => trainDecisionTree([], { maxDepth: 2, minSamplesLeaf: 1, classWeight: 'balanced' })).toThrow(
      'no samples',
    );
    expect(() =>
      trainDecisionTree([{ x: [1], y: 1 }], { maxDepth: 2, minSamplesLeaf: 1, classWeight: 'balanced' }),
    ).toThrow('must have 7 finite features');
  });
});

describe('generateTransactions', () => {
  it('when called twice with one seed, then it produces the same data, and another seed produces other data', () => {
    expect(generateTransactions(50, 9)).toEqual(generateTransactions(50, 9));
    expect(generateTransactions(50, 10)).not.toEqual(generateTransactions(50, 9));
  });

  it('when generating many orders, then about 2% are fraud and fraud leans on the risk signals', () => {
    const data = generateTransactions(20_000, 21);
    const fraud = data.filter((t) => t.isFraud);
    expect(fraud.length / data.length).toBeGreaterThan(0.015);
    expect(fraud.length / data.length).toBeLessThan(0.025);
    const mean = (rows: typeof data, feature: (typeof FEATURE_ORDER)[number]): number =>
      rows.reduce((total, { input }) => total + riskFeatures(input)[feature], 0) / rows.length;
    const legit = data.filter((t) => !t.isFraud);
    for (const feature of FEATURE_ORDER) expect(mean(fraud, feature)).toBeGreaterThan(mean(legit, feature));
    // Noisy rather than separable: the weighted score alone ranks imperfectly.
    const ap = averagePrecision(
      data.map(({ input }) => scoreRisk(input).score),
      data.map((t) => t.isFraud),
    );
    expect(ap).toBeLessThan(0.9);
  });
});

describe('decideRisk with the shipped model', () => {
  it.each(Object.values(RiskDecision))('when given the %s example, then that is the decision', (decision) => {
    expect(decideRisk(RISK_EXAMPLES[decision], { tree: SHIPPED_RISK_MODEL }).decision).toBe(decision);
  });

  it('when rejecting, then the reasons name the thresholds, the top contributions and the tree path', () => {
    const verdict = decideRisk(RISK_EXAMPLES.reject, { tree: SHIPPED_RISK_MODEL });
    expect(verdict.contributions).toHaveLength(3);
    expect(verdict.reasons[0]).toMatch(/^score 0\.\d\d >= reject threshold 0\.6$/);
    expect(verdict.reasons).toContain('new account (1 day): +0.18');
    expect(verdict.reasons[verdict.reasons.length - 1]).toMatch(
      /^tree: .+ → balanced score \d\.\d\d, calibrated p\(fraud\) \d+(\.\d)?% at a 2\.0% base rate$/,
    );
    // The probability is named as calibrated; no reason calls the balanced score a probability.
    expect(verdict.reasons.join(' ')).not.toMatch(/(^|[^d] )p\(fraud\)/);
    expect(verdict.treePath.length).toBeGreaterThan(0);
  });

  it('when a custom policy has zero thresholds, then everything is rejected', () => {
    const policy = {
      ...DEFAULT_RISK_POLICY,
      reviewScore: 0,
      rejectScore: 0,
      reviewProbability: 0,
      rejectProbability: 0,
    };
    expect(decideRisk(RISK_EXAMPLES.approve, { tree: SHIPPED_RISK_MODEL, policy }).decision).toBe('reject');
  });
});

describe('parseRiskModel', () => {
  const valid = JSON.parse(JSON.stringify(SHIPPED_RISK_MODEL)) as Record<string, unknown>;
  const withNode = (node: unknown): unknown => ({ ...valid, nodes: [node] });

  it('when given the shipped model, then it accepts it unchanged', () => {
    expect(parseRiskModel(valid)).toEqual(SHIPPED_RISK_MODEL);
  });

  it.each([
    ['not an object', 'nope', 'risk model must be an object'],
    ['another version', { ...valid, version: 2 }, 'risk model version must be 1, got 2'],
    ['reordered features', { ...valid, featureOrder: [...FEATURE_ORDER].reverse() }, 'featureOrder must be'],
    [
      'a zero class weight',
      { ...valid, classWeight: { 0: 0, 1: 1 } },
      'classWeight.0 must be a positive number',
    ],
    ['no nodes', { ...valid, nodes: [] }, 'nodes must be a non-empty array'],
    [
      'a child pointing backwards',
      withNode({ kind: 'split', feature: 0, threshold: 0.5, left: 0, right: 0 }),
      'left child must be a later node index',
    ],
    [
      'an unknown feature',
      withNode({ kind: 'split', feature: 7, threshold: 0.5, left: 1, right: 2 }),
      'feature must be an index below 7',
    ],
    [
      'a probability above 1',
      withNode({ kind: 'leaf', fraudProbability: 1.5, samples: 1, positives: 1 }),
      'fraudProbability must be in [0, 1]',
    ],
    ['an unknown node kind', withNode({ kind: 'branch' }), 'kind must be "split" or "leaf"'],
  ])('when given %s, then it throws a clear error', (_, json, message) => {
    expect(() => parseRiskModel(json)).toThrow(message);
  });
});

describe('calibrateToBaseRate', () => {
  it.each([
    // Worked by hand: p·π / (p·π + (1 − p)(1 − π)) with π = 0.02.
    [0.5, 0.02, 0.02],
    [0.92, 0.02, 0.0184 / (0.0184 + 0.08 * 0.98)],
    [0.995, 0.02, 0.0199 / (0.0199 + 0.005 * 0.98)],
    [0, 0.02, 0],
    [1, 0.02, 1],
  ])(
    'when the balanced score is %p at base rate %p, then the calibrated probability is %p',
    (p, rate, expected) => {
      expect(calibrateToBaseRate(p, rate)).toBeCloseTo(expected, 12);
    },
  );

  it('when the base rate or score is out of range, then it throws naming the input', () => {
    expect(() => calibrateToBaseRate(0.5, 0)).toThrow('baseRate must be in (0, 1)');
    expect(() => calibrateToBaseRate(1.2, 0.02)).toThrow('balancedProbability must be in [0, 1]');
  });

  it('when calibrated on held-out data, then predicted and observed fraud rates agree within each band', () => {
    const data = generateTransactions(60_000, 41);
    const bands = [0, 0.01, 0.05, 0.2, 1.01].map((low, k, all) => ({
      low,
      high: all[k + 1] ?? 2,
      n: 0,
      predicted: 0,
      fraud: 0,
    }));
    for (const { input, isFraud } of data) {
      const balanced = predictTree(SHIPPED_RISK_MODEL, featureVector(input)).fraudProbability;
      const p = calibrateToBaseRate(balanced, DEFAULT_RISK_POLICY.baseRate);
      const band = bands.find((b) => p >= b.low && p < b.high);
      if (!band) continue;
      band.n += 1;
      band.predicted += p;
      band.fraud += isFraud ? 1 : 0;
    }
    for (const band of bands.filter((b) => b.n >= 500)) {
      // Observed rate within a factor of two of the mean prediction (the balanced 0.92 read as 92% would fail).
      const observed = band.fraud / band.n;
      const predicted = band.predicted / band.n;
      expect(observed).toBeGreaterThan(predicted / 2);
      expect(observed).toBeLessThan(predicted * 2 + 0.005);
    }
  });
});
