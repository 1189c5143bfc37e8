import fc from 'fast-check';
import {
  MAX_HORIZON,
  holtLinear,
  leadTimeStdDev,
  movingAverage,
  reorderPoint,
  sesErrorStdDev,
  simpleExponentialSmoothing,
} from '../../src/algorithms/forecast';
import {
  isIntermittent,
  sbaErrorStdDev,
  syntetosBoylan,
  zeroShare,
} from '../../src/algorithms/intermittent-demand';
import { inverseNormalCdf, normalCdf } from '../../src/algorithms/normal-distribution';

// Public data sets as embedded in statsmodels' test suite (fpp's `oil` 1996–2007, `ausair` 1990–2004 and
// `livestock` 1970–2000 from Hyndman & Athanasopoulos, "Forecasting: Principles and Practice"):
// statsmodels/statsmodels, statsmodels/tsa/tests/test_holtwinters.py @ 1ba8391a555a3b599a7603d2a6a5103cd814afcf.
const OIL = [
  446.6565229, 454.4733065, 455.662974, 423.6322388, 456.2713279, 440.5880501, 425.3325201, 485.1494479,
  506.0481621, 526.7919833, 514.268889, 494.2110193,
];
const AUSAIR = [
  17.5534, 21.8601, 23.8866, 26.9293, 26.8885, 28.8314, 30.0751, 30.9535, 30.1857, 31.5797, 32.577569,
  33.477398, 39.021581, 41.386432, 41.596552,
];
const LIVESTOCK = [
  263.917747, 268.307222, 260.662556, 266.639419, 277.515778, 283.834045, 290.309028, 292.474198, 300.830694,
  309.286657, 318.331081, 329.37239, 338.883998, 339.244126, 328.600632, 314.255385, 314.459695, 321.413779,
  329.789292, 346.385165, 352.297882, 348.370515, 417.562922, 417.12357, 417.749459, 412.233904, 411.946817,
  394.697075, 401.49927, 408.270468, 414.2428,
];

const finiteSeries = (minLength: number): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength, maxLength: 40 });

describe('movingAverage', () => {
  it('when forecasting, then it averages the last `window` observations', () => {
    expect(movingAverage([1, 2, 3, 4, 10], 3)).toBeCloseTo(17 / 3, 12);
    expect(movingAverage([5], 1)).toBe(5);
  });

  it.each([
    ['an empty series', [], 1],
    ['a zero window', [1, 2], 0],
    ['a window longer than the series', [1, 2], 3],
  ])('when given %s, then it throws', (_, series, window) => {
    expect(() => movingAverage(series, window)).toThrow();
  });
});

describe('simpleExponentialSmoothing', () => {
  // statsmodels test_simple_exp_smoothing: SimpleExpSmoothing(oil).fit(0.2, optimized=False) uses ℓ₀ = y₀, as
  // does our default; its `level` array is our fitted values shifted by one.
  it('when alpha is 0.2 on the oil series, then levels and forecast match statsmodels', () => {
    const fit = simpleExponentialSmoothing(OIL, { alpha: 0.2 });
    const statsmodelsLevels = [
      446.6565229, 448.21987962, 449.7084985, 444.49324656, 446.84886283, 445.59670028, 441.54386424,
      450.26498098, 461.4216172, 474.49569042, 482.45033014, 484.80246797,
    ];
    expect(fit.initialLevel).toBe(OIL[0]);
    statsmodelsLevels.slice(0, -1).forEach((level, t) => expect(fit.fitted[t + 1]).toBeCloseTo(level, 7));
    expect(fit.forecast).toBeCloseTo(484.802468, 6);
  });

  // Same test: fit(0.6, optimized=False).
  it('when alpha is 0.6 on the oil series, then the forecast matches statsmodels', () => {
    expect(simpleExponentialSmoothing(OIL, { alpha: 0.6 }).forecast).toBeCloseTo(501.837461, 6);
  });

  // Same test: fit() estimates α = 0.891998 and ℓ₀ = 447.478440 (forecast 496.493543) by minimising the SSE;
  // we minimise exactly, so we agree to the optimiser tolerance statsmodels asserts (4 and 3 decimals) and
  // never do worse.
  it('when alpha is estimated on the oil series, then it matches statsmodels and its SSE is no larger', () => {
    const fit = simpleExponentialSmoothing(OIL);
    expect(Math.abs(fit.alpha - 0.891998)).toBeLessThan(1.5e-4);
    expect(Math.abs(fit.initialLevel - 447.47844)).toBeLessThan(1.5e-3);
    expect(Math.abs(fit.forecast - 496.493543)).toBeLessThan(1.5e-4);
    const published = simpleExponentialSmoothing(OIL, { alpha: 0.891998, initialLevel: 447.47844 });
    expect(fit.sse).toBeLessThanOrEqual(published.sse);
  });

  // statsmodels test_holt_damp_fit: SimpleExpSmoothing(livestock).fit() gives α = 1.00, ℓ₀ = 263.92 and
  // SSE = 6761.35 — an optimum on the boundary of [0, 1].
  it('when the optimum alpha is on the boundary, then the search still finds it', () => {
    const fit = simpleExponentialSmoothing(LIVESTOCK);
    expect(fit.alpha).toBeCloseTo(1, 6);
    expect(fit.initialLevel).toBeCloseTo(263.92, 2);
    expect(fit.sse).toBeCloseTo(6761.35, 2);
  });

  it('when alpha is 1, then the forecast is the last observation', () => {
    fc.assert(
      fc.property(finiteSeries(1), (series) => {
        // `+ 0` folds -0 into 0: the smoothing arithmetic may turn a last observation of -0 into 0.
        const forecast = simpleExponentialSmoothing(series, { alpha: 1 }).forecast;
        expect(forecast + 0).toBe(series[series.length - 1]! + 0);
      }),
    );
  });

  it('when alpha is 0, then every fitted value and the forecast equal the initial level', () => {
    const fit = simpleExponentialSmoothing([3, 9, 4], { alpha: 0, initialLevel: 5 });
    expect(fit).toEqual({ alpha: 0, initialLevel: 5, fitted: [5, 5, 5], forecast: 5, sse: 4 + 16 + 1 });
  });

  it('when fitting, then sse is the sum of squared one-step errors', () => {
    fc.assert(
      fc.property(finiteSeries(1), fc.double({ min: 0, max: 1, noNaN: true }), (series, alpha) => {
        const fit = simpleExponentialSmoothing(series, { alpha });
        const sse = series.reduce((total, y, t) => total + (y - (fit.fitted[t] as number)) ** 2, 0);
        expect(fit.sse).toBeCloseTo(sse, 6);
      }),
    );
  });

  it('when alpha is estimated, then no fixed alpha with the first observation as level fits better', () => {
    fc.assert(
      fc.property(finiteSeries(2), fc.double({ min: 0, max: 1, noNaN: true }), (series, alpha) => {
        const best = simpleExponentialSmoothing(series);
        const other = simpleExponentialSmoothing(series, { alpha });
        expect(best.sse).toBeLessThanOrEqual(other.sse * (1 + 1e-9) + 1e-9);
      }),
    );
  });

  it('when the series is constant, then the estimated fit is exact', () => {
    const fit = simpleExponentialSmoothing([7, 7, 7, 7]);
    expect(fit.sse).toBeCloseTo(0, 12);
    expect(fit.forecast).toBeCloseTo(7, 12);
  });

  it('when alpha is outside [0, 1], then it throws', () => {
    expect(() => simpleExponentialSmoothing([1, 2], { alpha: 1.5 })).toThrow(
      'alpha must be a number in [0, 1]',
    );
  });

  it.each([
    ['null', null],
    ['a string', '0.5'],
    ['NaN', Number.NaN],
  ])('when alpha is %s, then it throws instead of coercing or fitting', (_, alpha) => {
    expect(() => simpleExponentialSmoothing([1, 2], { alpha: alpha as unknown as number })).toThrow(
      'alpha must be a number in [0, 1]',
    );
  });

  it('when the squared errors overflow, then it throws rather than settling on alpha 0', () => {
    expect(() => simpleExponentialSmoothing([1e200, -1e200, 1e200])).toThrow(
      'sum of squared errors overflowed',
    );
    expect(() => simpleExponentialSmoothing([1e200, -1e200], { alpha: 0.5 })).toThrow('overflowed');
  });

  it('when a series has a hole, then it throws naming the index', () => {
    const sparse = [1, 2, 3];
    delete sparse[1];
    expect(() => simpleExponentialSmoothing(sparse)).toThrow('series[1] must be a finite number');
  });
});

describe('holtLinear', () => {
  // statsmodels test_holt: Holt(air_ausair).fit(smoothing_level=0.8, smoothing_slope=0.2, optimized=False)
  // starts from ℓ₀ = y₀, b₀ = y₁ − y₀ and updates from the first observation, exactly our convention.
  it('when alpha is 0.8 and beta 0.2 on ausair, then trend and forecasts match statsmodels', () => {
    const fit = holtLinear(AUSAIR, { alpha: 0.8, beta: 0.2, horizon: 5 });
    expect(fit.trend).toBeCloseTo(1.83655482, 7);
    expect(fit.forecasts[0]).toBeCloseTo(43.75696849, 7);
    [43.76, 45.59, 47.43, 49.27, 51.1].forEach((expected, h) =>
      expect(fit.forecasts[h]).toBeCloseTo(expected, 2),
    );
  });

  it('when the horizon is past the cap or not an integer, then it throws naming the cap', () => {
    expect(() => holtLinear([1, 2], { alpha: 0.5, beta: 0.5, horizon: MAX_HORIZON + 1 })).toThrow(
      `horizon must be an integer in [0, ${MAX_HORIZON}]`,
    );
    expect(() => holtLinear([1, 2], { alpha: 0.5, beta: 0.5, horizon: '3' as unknown as number })).toThrow(
      'horizon must be an integer',
    );
    expect(holtLinear([1, 2], { alpha: 0.5, beta: 0.5, horizon: MAX_HORIZON }).forecasts).toHaveLength(
      MAX_HORIZON,
    );
  });

  it('when beta is null, then it throws', () => {
    expect(() => holtLinear([1, 2], { alpha: 0.5, beta: null as unknown as number, horizon: 1 })).toThrow(
      'beta must be a number in [0, 1], got null',
    );
  });

  it('when alpha and beta are 1, then it extends the last step of any series', () => {
    fc.assert(
      fc.property(finiteSeries(2), (series) => {
        const last = series[series.length - 1] as number;
        const step = last - (series[series.length - 2] as number);
        const { forecasts } = holtLinear(series, { alpha: 1, beta: 1, horizon: 3 });
        forecasts.forEach((value, h) => expect(value).toBeCloseTo(last + (h + 1) * step, 6));
      }),
    );
  });

  it('when the series is constant, then every forecast is that constant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: 2, max: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (value, length, alpha, beta) => {
          const fit = holtLinear(Array<number>(length).fill(value), { alpha, beta, horizon: 4 });
          expect(fit.trend).toBeCloseTo(0, 10);
          [fit.level, ...fit.forecasts].forEach((level) => expect(level).toBeCloseTo(value, 10));
        },
      ),
    );
  });

  it('when the series has a single observation, then it throws', () => {
    expect(() => holtLinear([1], { alpha: 0.5, beta: 0.5, horizon: 1 })).toThrow('at least 2 observation');
  });
});

describe('inverseNormalCdf', () => {
  it.each([
    [0.95, 1.6448536269514722],
    [0.99, 2.3263478740408408],
    [0.975, 1.959963984540054],
    [0.5, 0],
    [0.01, -2.3263478740408408],
    [1e-10, -6.361340902404056],
  ])('when p is %p, then z is %p', (p, z) => {
    expect(Math.abs(inverseNormalCdf(p) - z)).toBeLessThan(2e-15 * Math.max(1, Math.abs(z)));
  });

  it('when mapped back through the CDF, then it returns the probability', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(normalCdf(inverseNormalCdf(p))).toBeCloseTo(p, 14);
      }),
    );
  });

  it('when p is 0 or 1, then z is infinite, and outside [0, 1] it throws', () => {
    expect(inverseNormalCdf(0)).toBe(-Infinity);
    expect(inverseNormalCdf(1)).toBe(Infinity);
    expect(() => inverseNormalCdf(1.1)).toThrow('probability must be in [0, 1]');
  });
});

describe('reorderPoint', () => {
  it('when computing, then it is lead-time demand plus z·σ·√L safety stock', () => {
    expect(reorderPoint({ meanDemand: 10, demandStdDev: 3, leadTime: 4, serviceLevel: 0.95 })).toBeCloseTo(
      40 + 1.6448536269514722 * 3 * 2,
      10,
    );
  });

  it('when the service level is 50%, then there is no safety stock', () => {
    expect(reorderPoint({ meanDemand: 12, demandStdDev: 5, leadTime: 2, serviceLevel: 0.5 })).toBe(24);
  });

  it('when the service level is not strictly between 0 and 1, then it throws', () => {
    expect(() => reorderPoint({ meanDemand: 1, demandStdDev: 1, leadTime: 1, serviceLevel: 1 })).toThrow(
      'serviceLevel must be strictly between 0 and 1',
    );
  });
});

describe('the SES error model for safety stock', () => {
  // Worked by hand: [2, 4, 6, 8] with α = 0.5 and ℓ₀ = 2 fits 2, 2, 3, 4.5 (errors 0, 2, 3, 3.5), so
  // SSE = 0 + 4 + 9 + 12.25 = 25.25 and σ = √(25.25 / 3) = 2.901149; the forecast is 6.25.
  const fit = simpleExponentialSmoothing([2, 4, 6, 8], { alpha: 0.5 });

  it('when fitted by hand, then σ is √(SSE / (n − 1)) of the one-step errors', () => {
    expect(fit.sse).toBeCloseTo(25.25, 12);
    expect(fit.forecast).toBeCloseTo(6.25, 12);
    expect(sesErrorStdDev(fit)).toBeCloseTo(2.9011492, 6);
  });

  it('when the lead time is 3 days at α = 0.5, then σ_L is σ·√(1 + 1.5² + 2²) = σ·√7.25', () => {
    expect(leadTimeStdDev(2.9011492, 0.5, 3)).toBeCloseTo(7.8115833, 6);
  });

  it('when computing the reorder point at 95%, then it is 6.25·3 + 1.644854·7.811583 = 31.598911', () => {
    const rop = reorderPoint({
      meanDemand: fit.forecast,
      demandStdDev: sesErrorStdDev(fit),
      leadTime: 3,
      serviceLevel: 0.95,
      alpha: 0.5,
    });
    expect(rop).toBeCloseTo(31.598911, 5);
  });

  it('when α is 0, then σ_L reduces to σ√L, and it grows with α', () => {
    expect(leadTimeStdDev(2, 0, 9)).toBeCloseTo(6, 12);
    expect(leadTimeStdDev(2, 1e-9, 9)).toBeCloseTo(6, 6);
    expect(leadTimeStdDev(2, 0.3, 9)).toBeGreaterThan(leadTimeStdDev(2, 0.1, 9));
  });

  it('when a single observation is fitted, then σ is 0', () => {
    expect(sesErrorStdDev(simpleExponentialSmoothing([5], { alpha: 0.3 }))).toBe(0);
  });

  it('when the lead time is fractional, negative or beyond the horizon cap, then it throws', () => {
    expect(() => leadTimeStdDev(1, 0.2, 2.5)).toThrow('leadTime must be an integer');
    expect(() => leadTimeStdDev(1, 0.2, MAX_HORIZON + 1)).toThrow('leadTime must be an integer');
  });
});

describe('syntetosBoylan', () => {
  // Worked by hand with α = 0.1: the first demand (3 at t = 2) sets size 3 and interval 3, so the forecast is
  // 0.95·3/3 = 0.95 until t = 4 sells 2 after 2 periods: size 2.9, interval 2.9 (forecast still 0.95). At
  // t = 7, 4 after 3 periods: size 3.01, interval 2.91, forecast 0.95·3.01/2.91 = 0.982646. Errors at
  // t = 3..7: 0.95, 1.05, 0.95, 0.95, 3.05, so SSE = 13.1125 and σ = √(13.1125 / 4) = 1.810559.
  const series = [0, 0, 3, 0, 2, 0, 0, 4];

  it('when fitted by hand on an intermittent series, then size, interval, forecast and σ match', () => {
    const fit = syntetosBoylan(series, 0.1);
    expect(fit.size).toBeCloseTo(3.01, 12);
    expect(fit.interval).toBeCloseTo(2.91, 12);
    expect(fit.forecast).toBeCloseTo(0.982646, 6);
    expect(fit.sse).toBeCloseTo(13.1125, 12);
    expect(sbaErrorStdDev(fit)).toBeCloseTo(1.8105593, 6);
  });

  it('when a series has more than 24.2% zero days, then it is intermittent, and otherwise not', () => {
    expect(zeroShare(series)).toBe(5 / 8);
    expect(isIntermittent(series)).toBe(true);
    // 1 of 5 days at zero is 20%, under the cut-off 1 − 1/1.32.
    expect(isIntermittent([3, 0, 2, 4, 1])).toBe(false);
    expect(isIntermittent([3, 0, 2, 0])).toBe(true);
  });

  it('when the series never sold or alpha is not a number, then it throws', () => {
    expect(() => syntetosBoylan([0, 0, 0])).toThrow('must contain a non-zero demand');
    expect(() => syntetosBoylan(series, null as unknown as number)).toThrow(
      'alpha must be a number in [0, 1]',
    );
  });
});
