/** The value below which `p` (0..1) of the sorted-or-not `values` fall; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index]!;
}

/** p50, p99 and max of latencies in milliseconds, rounded. */
export interface LatencySummary {
  p50: number | null;
  p99: number | null;
  max: number | null;
  count: number;
}

export function summarize(values: readonly number[]): LatencySummary {
  const round = (value: number | null) => (value === null ? null : Math.round(value));
  return {
    p50: round(percentile(values, 0.5)),
    p99: round(percentile(values, 0.99)),
    max: round(values.length ? Math.max(...values) : null),
    count: values.length,
  };
}

/** Events per second over `seconds`, two decimals; 0 when no time passed. */
export function rate(count: number, seconds: number): number {
  return seconds > 0 ? Math.round((count / seconds) * 100) / 100 : 0;
}

/** How many events fell in each whole second since `startMs`: throughput over time, for the chart. */
export function perSecond(startMs: number, timesMs: readonly number[]): { second: number; count: number }[] {
  const counts = new Map<number, number>();
  for (const time of timesMs) {
    const second = Math.max(0, Math.floor((time - startMs) / 1000));
    counts.set(second, (counts.get(second) ?? 0) + 1);
  }
  const last = Math.max(-1, ...counts.keys());
  return Array.from({ length: last + 1 }, (_, second) => ({ second, count: counts.get(second) ?? 0 }));
}

/** Runs `task` for each index below `count`, at most `concurrency` at once, in order of index. */
export async function pool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  keepGoing: () => boolean = () => true,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count && keepGoing()) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}
