import { requireSeries, requireUnitInterval } from './forecast';

/**
 * Syntetos–Boylan cut-off: demand is intermittent when the average interval between demands exceeds 1.32
 * periods, i.e. when more than 1 − 1/1.32 ≈ 24.2% of days sold nothing. SES on such series chases every
 * zero and every spike; Croston-type methods forecast size and interval apart.
 */
export const INTERMITTENT_ZERO_SHARE = 1 - 1 / 1.32;

/** The usual smoothing weight for Croston-type methods (interval and size change slowly). */
export const SBA_ALPHA = 0.1;

/** An SBA fit: smoothed demand size and interval, one-step forecasts and their squared errors. */
export interface SbaFit {
  alpha: number;
  /** Smoothed size of a non-zero demand. */
  size: number;
  /** Smoothed number of periods between non-zero demands. */
  interval: number;
  /** fitted[t] is the per-period forecast of series[t] made at t − 1 (NaN before the first demand). */
  fitted: number[];
  forecast: number;
  /** Σ (series[t] − fitted[t])² over the periods that had a forecast. */
  sse: number;
  /** How many periods had a forecast (those after the first demand). */
  forecastPeriods: number;
}

/** Share of periods with zero demand. */
export function zeroShare(series: readonly number[]): number {
  return series.filter((units) => units === 0).length / series.length;
}

/** Whether a series is intermittent by the share of its zero days (see {@link INTERMITTENT_ZERO_SHARE}). */
export function isIntermittent(series: readonly number[]): boolean {
  return series.length > 0 && zeroShare(series) > INTERMITTENT_ZERO_SHARE;
}

/**
 * Croston's method with the Syntetos–Boylan approximation: after each non-zero demand y with q periods
 * since the previous one, size z ← z + α(y − z) and interval p ← p + α(q − p); the per-period forecast is
 * (1 − α/2)·z/p, the factor removing Croston's upward bias. Starts from the first demand (z = y, p = its
 * 1-based position). Throws when the series never sold: it has nothing to forecast from.
 */
export function syntetosBoylan(series: number[], alpha = SBA_ALPHA): SbaFit {
  requireSeries(series, 1);
  requireUnitInterval(alpha, 'alpha');
  const first = series.findIndex((units) => units !== 0);
  if (first < 0) throw new Error('series must contain a non-zero demand for an intermittent forecast');
  let size = series[first] as number;
  let interval = first + 1;
  let sinceLast = 0;
  const factor = 1 - alpha / 2;
  const fitted: number[] = series.map(() => Number.NaN);
  let sse = 0;
  let forecastPeriods = 0;
  for (let t = first + 1; t < series.length; t++) {
    const forecast = (factor * size) / interval;
    const units = series[t] as number;
    fitted[t] = forecast;
    sse += (units - forecast) ** 2;
    forecastPeriods += 1;
    sinceLast += 1;
    if (units !== 0) {
      size += alpha * (units - size);
      interval += alpha * (sinceLast - interval);
      sinceLast = 0;
    }
  }
  if (!Number.isFinite(sse))
    throw new Error('the sum of squared errors overflowed: the series values are too large');
  return { alpha, size, interval, fitted, forecast: (factor * size) / interval, sse, forecastPeriods };
}

/** σ of the one-step SBA errors, √(SSE / (m − 1)) over the m periods that had a forecast (0 below two). */
export function sbaErrorStdDev(fit: SbaFit): number {
  return fit.forecastPeriods < 2 ? 0 : Math.sqrt(fit.sse / (fit.forecastPeriods - 1));
}
