import { requireCostModel, type AllocationCostModel } from './allocation';
import { requireGeoPoint, type GeoPoint } from './geo';
import { movingAverage, reorderPoint, sesErrorStdDev, simpleExponentialSmoothing } from './forecast';
import { isIntermittent, sbaErrorStdDev, syntetosBoylan } from './intermittent-demand';
import { requireCount, sum } from './numbers';
import { compareStrings } from './order';
import { proposeRebalancing, type RebalanceSite, type TransferProposal } from './rebalance';

/** Series shorter than this are too short to fit a smoothing weight: their forecast is their mean. */
export const MIN_SES_OBSERVATIONS = 7;

/** How the forecast daily demand was made: SES, the window mean (short series) or SBA (intermittent). */
export type ForecastMethod = 'ses' | 'moving-average' | 'sba';

/** `critical`: runs out before a reorder placed now arrives. `warning`: below the reorder point. */
export type AlertSeverity = 'critical' | 'warning';

/** Units of a SKU sold from a warehouse in one day of the lookback window (0 = the day ending at asOf). */
export interface DailySales {
  sku: string;
  warehouseId: string;
  daysAgo: number;
  units: number;
}

/** Current stock of a SKU at a warehouse. */
export interface StockLevel {
  sku: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
}

/** A SKU at a warehouse: its stock and its daily sales over the lookback window, oldest day first. */
export interface StockSite extends StockLevel {
  dailySales: number[];
}

/** Where a warehouse is. */
export interface WarehouseLocation {
  warehouseId: string;
  location: GeoPoint;
}

/** The demand picture of one SKU at one warehouse, and its alert severity if any. */
export interface StockAssessment {
  sku: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  available: number;
  /** Arithmetic mean of daily sales over the window. */
  meanDailyDemand: number;
  /** Next-day demand forecast (never negative). */
  forecastDailyDemand: number;
  /**
   * σ of the method's one-step forecast errors, √(SSE / (n − 1)) (SES and SBA), or the sample standard
   * deviation of daily sales for a window too short to fit (0 for a one-day window).
   */
  demandStdDev: number;
  /** forecastDailyDemand × leadTimeDays. */
  leadTimeDemand: number;
  reorderPoint: number;
  /** available / forecastDailyDemand; null when nothing is forecast to sell. */
  daysOfCover: number | null;
  method: ForecastMethod;
  severity: AlertSeverity | null;
}

/** An assessment that raised an alert. */
export type StockAlert = StockAssessment & { severity: AlertSeverity };

export interface StockAlertParameters {
  /** Probability of not stocking out during a lead time, strictly between 0 and 1. */
  serviceLevel: number;
  /** Days from placing a reorder to its arrival, a positive number. */
  leadTimeDays: number;
  costModel: AllocationCostModel;
}

export interface StockAlertReport {
  /** Sorted by SKU, then warehouse id. */
  alerts: StockAlert[];
  /** Proposed transfers (never applied automatically), sorted by SKU, then source and destination. */
  proposals: TransferProposal[];
  /** Shortfall that no surplus elsewhere can cover, per SKU and warehouse. */
  unmet: { sku: string; warehouseId: string; missing: number }[];
}

// Guards the integer rounding of surplus and shortfall against floating-point noise (e.g. 25.000000000004).
const EPSILON = 1e-9;

/**
 * Turns sparse daily sales into one zero-filled series per SKU and warehouse, oldest day first
 * (`dailySales[lookbackDays − 1]` is the day ending at asOf). Every stock row gets a site, and so does any
 * SKU and warehouse that sold without a stock row (as zero stock). Sales on the same key and day are added.
 * Sites are sorted by SKU, then warehouse id.
 */
export function buildStockSites({
  lookbackDays,
  sales,
  stock,
}: {
  lookbackDays: number;
  sales: DailySales[];
  stock: StockLevel[];
}): StockSite[] {
  if (!Number.isSafeInteger(lookbackDays) || lookbackDays < 1) {
    throw new Error(`lookbackDays must be a positive integer, got ${lookbackDays}`);
  }
  const sites = new Map<string, StockSite>();
  const key = (sku: string, warehouseId: string) => JSON.stringify([sku, warehouseId]);
  const siteFor = (sku: string, warehouseId: string): StockSite => {
    const found = sites.get(key(sku, warehouseId));
    if (found) return found;
    const site: StockSite = {
      sku,
      warehouseId,
      onHand: 0,
      reserved: 0,
      dailySales: new Array<number>(lookbackDays).fill(0),
    };
    sites.set(key(sku, warehouseId), site);
    return site;
  };
  for (const { sku, warehouseId, onHand, reserved } of stock) {
    if (sites.has(key(sku, warehouseId))) throw new Error(`stock of ${sku} at ${warehouseId} appears twice`);
    requireCount(onHand, `on hand of ${sku} at ${warehouseId}`);
    requireCount(reserved, `reserved of ${sku} at ${warehouseId}`);
    Object.assign(siteFor(sku, warehouseId), { onHand, reserved });
  }
  for (const { sku, warehouseId, daysAgo, units } of sales) {
    if (!Number.isSafeInteger(daysAgo) || daysAgo < 0 || daysAgo >= lookbackDays) {
      throw new Error(
        `sales of ${sku} at ${warehouseId}: daysAgo must be in [0, ${lookbackDays}), got ${daysAgo}`,
      );
    }
    requireCount(units, `sales of ${sku} at ${warehouseId}`);
    const series = siteFor(sku, warehouseId).dailySales;
    series[lookbackDays - 1 - daysAgo] = (series[lookbackDays - 1 - daysAgo] as number) + units;
  }
  return [...sites.values()].sort(
    (a, b) => compareStrings(a.sku, b.sku) || compareStrings(a.warehouseId, b.warehouseId),
  );
}

/**
 * Forecasts demand for one SKU at one warehouse and decides whether it needs an alert.
 *
 * - Forecast daily demand: for series shorter than {@link MIN_SES_OBSERVATIONS} days, the mean of the series;
 *   for intermittent series (more than about 24% zero days, see isIntermittent), Croston–SBA; otherwise
 *   simple exponential smoothing with a fitted smoothing weight α. Floored at 0.
 * - Reorder point: forecast × L + z(serviceLevel) × σ_L. One model gives both the forecast and its error:
 *   under SES, σ = √(SSE/(n − 1)) of its one-step errors and σ_L = σ·√(Σ_{k<L} (1 + kα)²); under SBA the
 *   same σ of its one-step errors with σ_L = σ√L; for short series the sample standard deviation and σ√L.
 * - `critical` when something is forecast to sell and available ≤ forecast × L: the stock runs out before a
 *   reorder placed now would arrive.
 * - otherwise `warning` when available < reorder point: time to reorder, the safety stock is being eaten.
 * - otherwise no alert. A SKU that never sold has a reorder point of 0, so it never alerts.
 */
export function assessStock(
  site: StockSite,
  parameters: Omit<StockAlertParameters, 'costModel'>,
): StockAssessment {
  const { serviceLevel, leadTimeDays } = parameters;
  const { dailySales: series, onHand, reserved } = site;
  if (series.length === 0)
    throw new Error(`sales of ${site.sku} at ${site.warehouseId} must cover a day or more`);
  const { method, forecast, demandStdDev, alpha } = forecastDemand(series);
  const mean = sum(series) / series.length;
  const available = onHand - reserved;
  const leadTimeDemand = forecast * leadTimeDays;
  const rop = reorderPoint({
    meanDemand: forecast,
    demandStdDev,
    leadTime: leadTimeDays,
    serviceLevel,
    alpha,
  });
  const severity: AlertSeverity | null =
    forecast > 0 && available <= leadTimeDemand ? 'critical' : available < rop ? 'warning' : null;
  return {
    sku: site.sku,
    warehouseId: site.warehouseId,
    onHand,
    reserved,
    available,
    meanDailyDemand: mean,
    forecastDailyDemand: forecast,
    demandStdDev,
    leadTimeDemand,
    reorderPoint: rop,
    daysOfCover: forecast > 0 ? available / forecast : null,
    method,
    severity,
  };
}

/** The forecast, its one-step error σ and, under SES, the α that carries errors across the lead time. */
function forecastDemand(series: number[]): {
  method: ForecastMethod;
  forecast: number;
  demandStdDev: number;
  alpha?: number;
} {
  if (series.length < MIN_SES_OBSERVATIONS) {
    const mean = movingAverage(series, series.length);
    const demandStdDev =
      series.length < 2
        ? 0
        : Math.sqrt(series.reduce((total, units) => total + (units - mean) ** 2, 0) / (series.length - 1));
    return { method: 'moving-average', forecast: Math.max(0, mean), demandStdDev };
  }
  if (isIntermittent(series) && series.some((units) => units !== 0)) {
    const fit = syntetosBoylan(series);
    return { method: 'sba', forecast: Math.max(0, fit.forecast), demandStdDev: sbaErrorStdDev(fit) };
  }
  const fit = simpleExponentialSmoothing(series);
  return {
    method: 'ses',
    forecast: Math.max(0, fit.forecast),
    demandStdDev: sesErrorStdDev(fit),
    alpha: fit.alpha,
  };
}

/**
 * Assesses every site (see {@link assessStock}) and proposes rebalancing transfers per SKU:
 *
 * - a site without an alert can spare its surplus, ⌊available − reorder point⌋ units when positive;
 * - an alerted site needs its shortfall, ⌈reorder point − available⌉ units, to be back at its reorder point;
 * - the minimum-cost transfers (distance × costPerKmPerUnit per unit, rounded, solved as a transportation
 *   problem) move surplus to shortfall; when surplus is short, all of it moves and the rest is `unmet`.
 *
 * Proposals are advice: nothing here, or downstream, applies them.
 */
export function computeStockAlerts({
  sites,
  warehouses,
  serviceLevel,
  leadTimeDays,
  costModel,
}: StockAlertParameters & { sites: StockSite[]; warehouses: WarehouseLocation[] }): StockAlertReport {
  validateParameters({ serviceLevel, leadTimeDays, costModel });
  const locations = new Map<string, GeoPoint>();
  for (const { warehouseId, location } of warehouses) {
    if (locations.has(warehouseId)) throw new Error(`warehouse ${warehouseId} appears more than once`);
    requireGeoPoint(location, `warehouse ${warehouseId} location`);
    locations.set(warehouseId, location);
  }
  const assessments = sites
    .map((site) => assessStock(site, { serviceLevel, leadTimeDays }))
    .sort((a, b) => compareStrings(a.sku, b.sku) || compareStrings(a.warehouseId, b.warehouseId));
  const alerts = assessments.filter((a): a is StockAlert => a.severity !== null);

  const shortSkus = new Set(alerts.map((alert) => alert.sku));
  const surplus = new Map<string, [string, number][]>();
  const shortfall = new Map<string, [string, number][]>();
  const add = (into: Map<string, [string, number][]>, warehouseId: string, sku: string, units: number) => {
    if (units <= 0) return;
    if (!locations.has(warehouseId)) throw new Error(`warehouse ${warehouseId} has no location`);
    const entries = into.get(warehouseId) ?? [];
    entries.push([sku, units]);
    into.set(warehouseId, entries);
  };
  for (const a of assessments) {
    if (!shortSkus.has(a.sku)) continue;
    if (a.severity === null)
      add(surplus, a.warehouseId, a.sku, Math.floor(a.available - a.reorderPoint + EPSILON));
    else add(shortfall, a.warehouseId, a.sku, Math.ceil(a.reorderPoint - a.available - EPSILON));
  }
  const siteIds = [...new Set([...surplus.keys(), ...shortfall.keys()])];
  const rebalanceSites: RebalanceSite[] = siteIds.map((warehouseId) => ({
    warehouseId,
    location: locations.get(warehouseId) as GeoPoint,
    // fromEntries defines own properties, so a SKU named like an Object.prototype member stays a plain key.
    surplus: Object.fromEntries(surplus.get(warehouseId) ?? []),
    shortfall: Object.fromEntries(shortfall.get(warehouseId) ?? []),
  }));
  const plan = proposeRebalancing(rebalanceSites, costModel);
  return { alerts, proposals: plan.transfers, unmet: plan.unmet };
}

/** Throws a message naming the first invalid parameter. */
export function validateParameters({ serviceLevel, leadTimeDays, costModel }: StockAlertParameters): void {
  if (!(serviceLevel > 0 && serviceLevel < 1)) {
    throw new Error(`serviceLevel must be strictly between 0 and 1, got ${serviceLevel}`);
  }
  if (!Number.isFinite(leadTimeDays) || leadTimeDays <= 0) {
    throw new Error(`leadTimeDays must be a positive number, got ${leadTimeDays}`);
  }
  requireCostModel(costModel);
}
