import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { BenchResult } from './checkout-run';

type Row = Record<string, string | number | null>;

/** Per-second completions of each run, for the throughput panel. */
function throughputRows(result: BenchResult): Row[] {
  const rows: Row[] = [];
  for (const entry of result.steady?.result.timeline ?? []) {
    rows.push({ second: entry.second, series: 'checkout → shipped', perSecond: entry.shipped });
    rows.push({ second: entry.second, series: 'checkout → completed', perSecond: entry.completed });
  }
  for (const c of [result.ceiling4, result.ceilingAll])
    for (const entry of c?.result.timeline ?? [])
      rows.push({
        second: entry.second,
        series: `ceiling, ${c!.result.steps} activities`,
        perSecond: entry.completed,
      });
  return rows;
}

function latencyRows(result: BenchResult): Row[] {
  const rows: Row[] = [];
  const add = (measure: string, summary: { p50: number | null; p99: number | null } | undefined) => {
    if (!summary) return;
    rows.push(
      { measure, percentile: 'p50', ms: summary.p50 },
      { measure, percentile: 'p99', ms: summary.p99 },
    );
  };
  add('POST /v1/orders', result.steady?.result.post);
  add('checkout to shipped', result.steady?.result.endToEndShipped);
  add('ceiling (4) end to end', result.ceiling4?.result.endToEnd);
  add(`ceiling (${result.ceilingAll?.result.steps ?? '–'}) end to end`, result.ceilingAll?.result.endToEnd);
  add('hot SKU to settled', result.hot?.result.endToEndShipped);
  return rows;
}

function outcomeRows(result: BenchResult): Row[] {
  const rows: Row[] = [];
  for (const [scenario, figures] of [
    ['steady', result.steady?.result],
    ['hot SKU', result.hot?.result],
  ] as const)
    for (const [outcome, count] of Object.entries(figures?.outcomes ?? {}))
      rows.push({ scenario, outcome, count });
  return rows;
}

/** The run as one SVG: throughput over time, latency percentiles, and sagas by outcome. */
export async function renderBenchChart(result: BenchResult): Promise<string> {
  const spec: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `Checkout benchmark, ${result.date.slice(0, 16)}: checkout / ceiling = ${result.ratios.checkoutToCeiling4 ?? '–'}`,
    vconcat: [
      {
        title: 'Throughput over time (sagas or workflows per second, 5 s rolling mean)',
        width: 640,
        height: 220,
        data: { values: throughputRows(result) },
        transform: [
          {
            window: [{ op: 'mean', field: 'perSecond', as: 'smoothed' }],
            frame: [-2, 2],
            groupby: ['series'],
            sort: [{ field: 'second' }],
          },
        ],
        mark: { type: 'line', interpolate: 'monotone' },
        encoding: {
          x: { field: 'second', type: 'quantitative', title: 'seconds since the run started' },
          y: { field: 'smoothed', type: 'quantitative', title: 'per second' },
          color: { field: 'series', type: 'nominal', title: null },
        },
      },
      {
        title: 'Latency percentiles (ms)',
        width: 640,
        height: 200,
        data: { values: latencyRows(result) },
        mark: 'bar',
        encoding: {
          y: { field: 'measure', type: 'nominal', title: null },
          yOffset: { field: 'percentile' },
          x: { field: 'ms', type: 'quantitative', title: 'milliseconds' },
          color: { field: 'percentile', type: 'nominal' },
        },
      },
      {
        title: 'Sagas by outcome',
        width: 640,
        height: 120,
        data: { values: outcomeRows(result) },
        mark: 'bar',
        encoding: {
          y: { field: 'scenario', type: 'nominal', title: null },
          x: { field: 'count', type: 'quantitative', title: 'sagas' },
          color: { field: 'outcome', type: 'nominal' },
        },
      },
    ],
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
