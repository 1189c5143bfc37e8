import type { LatencySummary } from './bench-stats';
import type { BenchResult } from './checkout-run';
import { SHIPPED_MARK } from './checkout-scenarios';
import type { PartUsage } from './proc-stats';
import type { ScheduleToStart } from './sdk-latency';

const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${value} ms`;
const latency = (l: LatencySummary | undefined) => (l ? `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)}` : '–');
const sdk = (s: ScheduleToStart) =>
  `wft ${ms(s.workflowTask.p50)}/${ms(s.workflowTask.p99)}, act ${ms(s.activity.p50)}/${ms(s.activity.p99)}`;
const usage = (parts: Record<string, PartUsage>) =>
  Object.entries(parts)
    .map(([part, u]) => `${part} ${u.cpuPercent}% ${u.rssMaxMb} MB`)
    .join(', ');

/** CPU milliseconds per unit of work, by part, with their sum: what a saga or a bare workflow costs. */
const cpuPer = (parts: Record<string, PartUsage> | undefined, count: number) => {
  if (!parts || count === 0) return '–';
  const each = Object.entries(parts).map(([part, u]) => [part, (u.cpuSeconds * 1000) / count] as const);
  const total = each.reduce((sum, [, value]) => sum + value, 0);
  return `${each.map(([part, value]) => `${part} ${Math.round(value)}`).join(', ')} (${Math.round(total)})`;
};

/** The table printed at the end of a run: one row per measured figure, with the ratios last. */
export function formatBenchReport(result: BenchResult): string {
  const rows: [string, string][] = [];
  const { steady, ceiling4, ceilingAll, half, hot, waiting, ratios, history } = result;
  if (steady) {
    const s = steady.result;
    rows.push(
      ['checkout: sagas/s to shipped', String(s.toShipped)],
      ['checkout: sagas/s to completed', String(s.toCompleted ?? '–')],
      ['checkout: POST /v1/orders p50 / p99 / max', latency(s.post)],
      ['checkout: end to end to shipped p50 / p99 / max', latency(s.endToEndShipped)],
      ['checkout: schedule-to-start p50/p99', sdk(steady.scheduleToStart)],
      ['checkout: CPU (of one core) and peak RSS', usage(steady.resources)],
      ['checkout: CPU ms per saga to shipped', cpuPer(steady.marks[SHIPPED_MARK], s.orders)],
      ['checkout: outcomes', JSON.stringify(s.outcomes)],
    );
  }
  if (history)
    rows.push([
      'checkout history (completed order)',
      `${history.events} events, ${history.activities} activities`,
    ]);
  for (const [name, c] of [
    ['ceiling, 4 activities', ceiling4],
    ['ceiling, as many activities', ceilingAll],
  ] as const) {
    if (!c) continue;
    rows.push(
      [`${name}: wf/s (${c.result.steps} activities)`, String(c.result.perSecond)],
      [`${name}: end to end p50 / p99 / max`, latency(c.result.endToEnd)],
      [`${name}: schedule-to-start p50/p99`, sdk(c.scheduleToStart)],
      [`${name}: CPU ms per workflow`, cpuPer(c.resources, c.result.workflows)],
    );
  }
  if (half) {
    const h = half.result;
    rows.push(
      [
        'half load: orders/s (asked / placed)',
        `${h.targetPerSecond} / ${h.placedPerSecond}, ${h.shipped} shipped`,
      ],
      ['half load: POST /v1/orders p50 / p99 / max', latency(h.post)],
    );
  }
  if (hot) {
    const h = hot.result;
    rows.push(
      ['hot SKU: checkouts settled/s', String(h.settledPerSecond)],
      [
        'hot SKU: shipped / out of stock / units',
        `${h.shipped} / ${h.outOfStock} / ${h.units}${h.oversold ? ' OVERSOLD' : ', nothing oversold'}`,
      ],
    );
  }
  if (waiting) {
    const w = waiting.result;
    rows.push(
      ['waiting: orders waiting on delivery', String(w.waiting)],
      [
        'waiting: worker RSS (peak / at the end)',
        `${waiting.resources.worker?.rssMaxMb ?? '–'} / ${waiting.resources.worker?.rssLastMb ?? '–'} MB`,
      ],
      ['waiting: signal to delivered, per probe', w.signalMs.map((v) => `${v} ms`).join(', ')],
    );
  }
  rows.push(
    ['RATIO checkout / ceiling (4 activities)', String(ratios.checkoutToCeiling4 ?? '–')],
    ['ratio checkout / ceiling (as many activities)', String(ratios.checkoutToCeilingAll ?? '–')],
    ['ratio hot SKU / steady', String(ratios.hotToSteady ?? '–')],
  );
  const width = Math.max(...rows.map(([label]) => label.length));
  const line = '─'.repeat(width + 2);
  return [
    `Checkout benchmark ${result.date} (${result.machine.cpus} cores, load ${result.machine.loadAverage.map((l) => l.toFixed(1)).join(' ')})`,
    `SQLite pragmas: ${result.settings.sqlitePragmas.join(', ') || 'none'}; dynamic config: ${result.settings.dynamicConfig?.join(', ') || 'none'}`,
    `worker: ${JSON.stringify(result.settings.worker)}`,
    line,
    ...rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`),
    line,
  ].join('\n');
}
