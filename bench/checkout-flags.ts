import { parseArgs } from 'node:util';

/** The benchmark's load, from command-line flags; defaults finish in a few minutes on two cores. */
export interface BenchFlags {
  orders: number;
  concurrency: number;
  durationS: number | undefined;
  hotOrders: number;
  hotUnits: number;
  /** Orders the half-load run places; more give a steadier p99 (its p99 is its 1% slowest). */
  halfOrders: number | undefined;
  /** The half-load run's arrival rate; undefined: half the steady run's sagas/s to completed. */
  halfRate: number | undefined;
  waiting: number;
  skus: number;
  scenarios: Set<string>;
  /** Dev server SQLite pragmas; undefined: from config (TEMPORAL_SQLITE_PRAGMAS). */
  sqlitePragmas: string[] | undefined;
  /** Names the result files: `bench/results/<date>[-label].json`. */
  label: string | undefined;
  /** CPU profiles of the worker and the API (`node --cpu-prof`), summarised after the run. */
  profile: boolean;
}

export const SCENARIOS = ['steady', 'ceiling', 'half', 'hot', 'waiting'] as const;

/** The full sizes: 1,000 concurrent checkouts on 100 units, 10,000 orders waiting. */
const FULL = { orders: 1000, hotOrders: 1000, hotUnits: 100, waiting: 10_000 };
const SMALL = { orders: 100, hotOrders: 200, hotUnits: 20, waiting: 200 };

/** Parses `npm run bench:checkout -- [--full] [--orders N] [--concurrency C] …`; throws naming a bad flag. */
export function parseBenchFlags(args: string[]): BenchFlags {
  const { values } = parseArgs({
    args,
    options: {
      full: { type: 'boolean', default: false },
      orders: { type: 'string' },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      'hot-orders': { type: 'string' },
      'hot-units': { type: 'string' },
      'half-orders': { type: 'string' },
      'half-rate': { type: 'string' },
      waiting: { type: 'string' },
      skus: { type: 'string' },
      scenarios: { type: 'string' },
      'sqlite-pragmas': { type: 'string' },
      label: { type: 'string' },
      profile: { type: 'boolean', default: false },
    },
  });
  const sizes = values.full ? FULL : SMALL;
  const int = (name: keyof typeof values, fallback: number, min = 1) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return value;
  };
  const scenarios = new Set((values.scenarios ?? SCENARIOS.join(',')).split(',').filter(Boolean));
  for (const name of scenarios)
    if (!(SCENARIOS as readonly string[]).includes(name))
      throw new Error(`--scenarios: unknown scenario ${name} (known: ${SCENARIOS.join(', ')})`);
  const halfRate = values['half-rate'] === undefined ? undefined : Number(values['half-rate']);
  if (halfRate !== undefined && !(halfRate > 0)) throw new Error('--half-rate must be a number > 0');
  const pragmas = values['sqlite-pragmas'];
  return {
    orders: int('orders', sizes.orders),
    concurrency: int('concurrency', 20),
    durationS: values.duration === undefined ? undefined : int('duration', 0),
    hotOrders: int('hot-orders', sizes.hotOrders),
    hotUnits: int('hot-units', sizes.hotUnits),
    halfOrders: values['half-orders'] === undefined ? undefined : int('half-orders', 1),
    halfRate,
    waiting: int('waiting', sizes.waiting),
    skus: int('skus', 50),
    scenarios,
    sqlitePragmas: pragmas === undefined ? undefined : pragmas.split(',').filter(Boolean),
    label: values.label,
    profile: values.profile,
  };
}
