/** Cumulative bucket counts of one histogram, summed over its label sets, by upper bound. */
type Buckets = Map<number, number>;

/** The SDK's schedule-to-start histograms (milliseconds) the benchmark reads. */
export const SCHEDULE_TO_START = {
  workflowTask: 'temporal_workflow_task_schedule_to_start_latency',
  activity: 'temporal_activity_schedule_to_start_latency',
} as const;
type Series = keyof typeof SCHEDULE_TO_START;

/** Reads `<name>_bucket{…le="…"} count` lines from Prometheus text. */
function parseBuckets(text: string, name: string): Buckets {
  const buckets: Buckets = new Map();
  const pattern = new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\}\\s+([0-9.e+]+)`, 'gm');
  for (const match of text.matchAll(pattern)) {
    const le = match[1] === '+Inf' ? Infinity : Number(match[1]);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(match[2]));
  }
  return buckets;
}

/** The upper bound of the bucket holding quantile `q` of what was observed between two scrapes. */
function quantile(before: Buckets, after: Buckets, q: number): number | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const total = counts[counts.length - 1] ?? 0;
  if (total <= 0) return null;
  const index = counts.findIndex((count) => count >= q * total);
  const bound = bounds[index]!;
  // Past the last finite bucket, the best bound known is the last finite one.
  return Number.isFinite(bound) ? bound : (bounds[bounds.length - 2] ?? null);
}

/** p50 and p99 (bucket upper bounds, ms) of the SDK's schedule-to-start latencies over a span. */
export type ScheduleToStart = Record<Series, { p50: number | null; p99: number | null }>;

/** Scrapes a `/metrics` endpoint now; call `.since()` later for the span's latencies. */
export async function markSdkLatency(
  url: string | undefined,
): Promise<{ since(): Promise<ScheduleToStart> }> {
  const scrape = async () => (url ? (await fetch(url)).text() : '');
  const first = await scrape();
  return {
    async since() {
      const last = await scrape();
      const result = {} as ScheduleToStart;
      for (const [series, name] of Object.entries(SCHEDULE_TO_START) as [Series, string][]) {
        const before = parseBuckets(first, name);
        const after = parseBuckets(last, name);
        result[series] = { p50: quantile(before, after, 0.5), p99: quantile(before, after, 0.99) };
      }
      return result;
    },
  };
}
