import { inverseNormalCdf } from './normal-distribution';

/** Simple exponential smoothing fit: smoothing weight, initial level, one-step-ahead fits and next forecast. */
export interface SesFit {
  alpha: number;
  initialLevel: number;
  /** fitted[t] is the forecast of series[t] made at t − 1 (fitted[0] is the initial level). */
  fitted: number[];
  forecast: number;
  /** Σ (series[t] − fitted[t])². */
  sse: number;
}

/** The longest forecast horizon accepted, in periods (ten years of days). */
export const MAX_HORIZON = 3650;

/** Next-period forecast: the mean of the last `window` observations. */
export function movingAverage(series: number[], window: number): number {
  requireSeries(series, 1);
  if (!Number.isInteger(window) || window < 1 || window > series.length) {
    throw new Error(`window must be an integer in [1, ${series.length}], got ${window}`);
  }
  let total = 0;
  for (let t = series.length - window; t < series.length; t++) total += series[t] as number;
  return total / window;
}

/**
 * Simple exponential smoothing, ℓₜ = α·yₜ + (1 − α)·ℓₜ₋₁. With `alpha` given, the initial level defaults to
 * the first observation. Without it, α ∈ [0, 1] and ℓ₀ are both chosen to minimise the SSE.
 */
export function simpleExponentialSmoothing(
  series: number[],
  { alpha, initialLevel }: { alpha?: number; initialLevel?: number } = {},
): SesFit {
  requireSeries(series, 1);
  if (initialLevel !== undefined && (typeof initialLevel !== 'number' || !Number.isFinite(initialLevel))) {
    throw new Error(`initialLevel must be a finite number, got ${initialLevel}`);
  }
  if (alpha !== undefined) {
    // null is not "absent": a caller that sends null meant something, so it is refused rather than fitted.
    requireUnitInterval(alpha, 'alpha');
    return smooth(series, alpha, initialLevel ?? (series[0] as number));
  }
  const levelFor = (a: number): number => initialLevel ?? optimalInitialLevel(series, a);
  const best = minimiseOnUnitInterval((a) => smooth(series, a, levelFor(a)).sse);
  return smooth(series, best, levelFor(best));
}

/**
 * Holt's linear trend method with ℓ₀ = y₀ and b₀ = y₁ − y₀, updated over every observation from t = 0 on.
 * Returns the final level and trend and forecasts ℓ + h·b for h = 1..horizon.
 */
export function holtLinear(
  series: number[],
  { alpha, beta, horizon }: { alpha: number; beta: number; horizon: number },
): { level: number; trend: number; forecasts: number[] } {
  requireSeries(series, 2);
  requireUnitInterval(alpha, 'alpha');
  requireUnitInterval(beta, 'beta');
  if (!Number.isInteger(horizon) || horizon < 0 || horizon > MAX_HORIZON) {
    throw new Error(`horizon must be an integer in [0, ${MAX_HORIZON}], got ${String(horizon)}`);
  }
  let level = series[0] as number;
  let trend = (series[1] as number) - level;
  for (const observation of series) {
    const previousLevel = level;
    level = alpha * observation + (1 - alpha) * (level + trend);
    trend = beta * (level - previousLevel) + (1 - beta) * trend;
  }
  const forecasts = Array.from({ length: horizon }, (_, h) => level + (h + 1) * trend);
  return { level, trend, forecasts };
}

/**
 * Reorder point d·L + z·σ_L: expected demand over the lead time plus safety stock for the given service
 * level (the probability of not stocking out during a lead time, normal errors assumed). σ is the
 * one-period forecast error; with `alpha` (the SES weight) σ_L is {@link leadTimeStdDev}, otherwise σ·√L
 * (independent errors).
 */
export function reorderPoint({
  meanDemand,
  demandStdDev,
  leadTime,
  serviceLevel,
  alpha,
}: {
  meanDemand: number;
  demandStdDev: number;
  leadTime: number;
  serviceLevel: number;
  alpha?: number;
}): number {
  for (const [name, value] of Object.entries({ meanDemand, demandStdDev, leadTime })) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new Error(`${name} must be a non-negative number, got ${String(value)}`);
  }
  if (typeof serviceLevel !== 'number' || !(serviceLevel > 0 && serviceLevel < 1)) {
    throw new Error(`serviceLevel must be strictly between 0 and 1, got ${String(serviceLevel)}`);
  }
  const spread =
    alpha === undefined ? demandStdDev * Math.sqrt(leadTime) : leadTimeStdDev(demandStdDev, alpha, leadTime);
  return meanDemand * leadTime + inverseNormalCdf(serviceLevel) * spread;
}

/**
 * σ of the one-step SES errors, √(SSE / (n − 1)): the error model the SES forecast itself implies (0 for a
 * single observation, which has no spread to measure).
 */
export function sesErrorStdDev(fit: SesFit): number {
  const n = fit.fitted.length;
  return n < 2 ? 0 : Math.sqrt(fit.sse / (n - 1));
}

/**
 * σ of total demand over a lead time of L periods under SES: the error of the k-step-ahead forecast
 * carries α times each earlier error, so the sum over the lead time has σ·√(Σ_{k<L} (1 + kα)²), which
 * is σ√L as α → 0. L must be a whole number of periods.
 */
export function leadTimeStdDev(sigma: number, alpha: number, leadTime: number): number {
  requireUnitInterval(alpha, 'alpha');
  if (!Number.isInteger(leadTime) || leadTime < 0 || leadTime > MAX_HORIZON) {
    throw new Error(`leadTime must be an integer in [0, ${MAX_HORIZON}], got ${String(leadTime)}`);
  }
  let total = 0;
  for (let k = 0; k < leadTime; k++) total += (1 + k * alpha) ** 2;
  return sigma * Math.sqrt(total);
}

function smooth(series: number[], alpha: number, initialLevel: number): SesFit {
  const fitted: number[] = [];
  let level = initialLevel;
  let sse = 0;
  for (const observation of series) {
    fitted.push(level);
    sse += (observation - level) ** 2;
    level = alpha * observation + (1 - alpha) * level;
  }
  // An infinite SSE would make every α look equally bad, and the search would settle on α = 0 silently.
  if (!Number.isFinite(sse))
    throw new Error('the sum of squared errors overflowed: the series values are too large');
  return { alpha, initialLevel, fitted, forecast: level, sse };
}

/**
 * For fixed α each fitted value is aₜ·ℓ₀ + cₜ with aₜ = (1 − α)ᵗ, so the SSE is a quadratic in ℓ₀ whose
 * minimiser is Σ aₜ(yₜ − cₜ) / Σ aₜ² (and Σ aₜ² ≥ a₀² = 1, so it always exists).
 */
function optimalInitialLevel(series: number[], alpha: number): number {
  let weight = 1;
  let offset = 0;
  let numerator = 0;
  let denominator = 0;
  for (const observation of series) {
    numerator += weight * (observation - offset);
    denominator += weight * weight;
    offset = alpha * observation + (1 - alpha) * offset;
    weight *= 1 - alpha;
  }
  return numerator / denominator;
}

/**
 * Global-minimum search on [0, 1]: a grid to land in the right basin (the profile SSE can have several
 * local minima), then golden-section search inside the bracket around the best grid point.
 */
function minimiseOnUnitInterval(objective: (x: number) => number): number {
  const gridSize = 200;
  let bestX = 0;
  let bestValue = objective(0);
  for (let i = 1; i <= gridSize; i++) {
    const x = i / gridSize;
    const value = objective(x);
    if (value < bestValue) {
      bestValue = value;
      bestX = x;
    }
  }
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.max(0, bestX - 1 / gridSize);
  let high = Math.min(1, bestX + 1 / gridSize);
  let left = high - ratio * (high - low);
  let right = low + ratio * (high - low);
  let leftValue = objective(left);
  let rightValue = objective(right);
  while (high - low > 1e-12) {
    if (leftValue <= rightValue) {
      high = right;
      right = left;
      rightValue = leftValue;
      left = high - ratio * (high - low);
      leftValue = objective(left);
    } else {
      low = left;
      left = right;
      leftValue = rightValue;
      right = low + ratio * (high - low);
      rightValue = objective(right);
    }
  }
  const refined = (low + high) / 2;
  // The grid point itself (possibly an end of [0, 1]) wins if the refinement found nothing better.
  return objective(refined) < bestValue ? refined : bestX;
}

/** Throws unless the series is a dense array of at least `minimumLength` finite numbers. */
export function requireSeries(series: number[], minimumLength: number): void {
  if (!Array.isArray(series) || series.length < minimumLength) {
    throw new Error(`series must have at least ${minimumLength} observation(s), got ${series?.length ?? 0}`);
  }
  // Indexed, so a hole in a sparse array is caught rather than skipped.
  for (let t = 0; t < series.length; t++) {
    const value: unknown = series[t];
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new Error(`series[${t}] must be a finite number, got ${String(value)}`);
  }
}

/** Throws unless the value is a number in [0, 1]: null, strings and NaN are refused, not coerced. */
export function requireUnitInterval(value: unknown, name: string): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1))
    throw new Error(
      `${name} must be a number in [0, 1], got ${value === null ? 'null' : (JSON.stringify(value) ?? String(value))}`,
    );
}
