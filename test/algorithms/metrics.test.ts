import { averagePrecision, classificationReport } from '../../src/algorithms/metrics';

describe('classificationReport', () => {
  it('when some flags are right and some wrong, then it counts each cell and derives precision and recall', () => {
    const report = classificationReport([true, true, false, false, true], [true, false, true, false, true]);
    expect(report).toEqual({
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 1,
      precision: 2 / 3,
      recall: 2 / 3,
    });
  });

  it('when nothing is flagged, then precision is reported as 0 rather than NaN', () => {
    expect(classificationReport([false, false], [true, false])).toMatchObject({ precision: 0, recall: 0 });
  });

  it('when inputs differ in length, then it throws', () => {
    expect(() => classificationReport([true], [])).toThrow('expected equally long inputs');
  });
});

describe('averagePrecision', () => {
  it('when worked by hand on five ranked samples, then it is 29/36', () => {
    // Ranked labels 1 0 1 1 0: the positives arrive at precision 1/1, 2/3 and 3/4, each adding a third of
    // recall, so AP = (1 + 2/3 + 3/4) / 3 = 29/36.
    expect(averagePrecision([0.9, 0.8, 0.7, 0.6, 0.5], [true, false, true, true, false])).toBeCloseTo(
      29 / 36,
      12,
    );
  });

  it('when scores tie, then tied samples enter together', () => {
    // {0.8, 0.8} holds one of two positives: precision 1/2 for recall 1/2; then 2/3 for the rest: 1/4 + 1/3.
    expect(averagePrecision([0.8, 0.8, 0.3], [true, false, true])).toBeCloseTo(7 / 12, 12);
  });

  it('when every positive outranks every negative, then it is 1 whatever the order of input', () => {
    expect(averagePrecision([0.1, 0.9, 0.2, 0.8], [false, true, false, true])).toBe(1);
  });

  it('when there is no positive sample, then it throws', () => {
    expect(() => averagePrecision([0.5], [false])).toThrow('at least one positive');
  });
});
