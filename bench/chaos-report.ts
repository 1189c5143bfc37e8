import fs from 'node:fs';
import path from 'node:path';
import { formatAuditReport } from '../src/audit';
import type { ChaosResult } from './chaos-run';

const row = (label: string, value: string | number) => `  ${label.padEnd(30)} ${value}`;
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');

/** The chaos run as a table: faults injected, orders by outcome, HTTP answers and each invariant. */
export function formatChaosReport(result: ChaosResult): string {
  const { faults, orders, http, settle } = result;
  const byOperation = Object.fromEntries(
    Object.entries(faults.injected).map(([key, n]) => [key.split(':').slice(1).join(' '), n]),
  );
  const lines = [
    '',
    `Chaos run: ${orders.placed} orders, seed ${result.options.seed}, ${Math.round(result.durationMs / 1000)} s`,
    '',
    'Faults injected',
    row('worker SIGKILLs', `${faults.workerKills} (unplanned worker exits: ${faults.unplannedWorkerExits})`),
    row('Temporal dev server restarts', faults.temporalRestarts),
    row('PostgreSQL restarts', faults.postgresRestarts),
    row('sandbox transient failures', faults.injectedUnavailable),
    row('sandbox lost replies', faults.injectedLostReplies),
    row('  by operation', list(byOperation) || 'none'),
    row('tok_flaky outages', faults.flakyCardOutages),
    ...faults.events.map((e) =>
      row(
        `  ${e.kind}`,
        `at ${Math.round(e.progress * 100)}% driven, +${Math.round(e.atMs / 1000)} s, ${e.tookMs} ms`,
      ),
    ),
    '',
    'Orders',
    row('by outcome', list(orders.byOutcome)),
    row('left waiting on purpose', orders.leftWaiting),
    row('by scenario', list(orders.byScenario)),
    row(
      'settled',
      `${settle.settled ? 'yes' : 'NO'} (waited ${Math.round(settle.waitedMs / 1000)} s, nudged ${settle.nudged})`,
    ),
    ...settle.unsettled
      .slice(0, 10)
      .map((u) => row('  never settled', `${u.orderId}: ${u.status}, run ${u.run}`)),
    '',
    'HTTP',
    row('requests', `${http.requests} (${list(http.byStatus)})`),
    row(
      'hostile requests refused',
      `${http.hostile.refused} of ${http.hostile.sent} (${list(http.hostile.byStatus)})`,
    ),
    row('5xx answers', http.serverErrors),
    row('hostile requests accepted', http.hostileAccepted),
    row('no answer', http.noAnswer),
    ...http.examples.map((e) =>
      row(`  ${e.status ?? 'no answer'}`, `${e.at} ${e.what}: ${e.method} ${e.path} → ${e.answer}`),
    ),
    '',
    result.audit ? formatAuditReport(result.audit) : 'Invariants: not audited',
    '',
    result.passed ? 'Result: PASS' : `Result: FAIL\n${result.violations.map((v) => `  - ${v}`).join('\n')}`,
    '',
  ];
  return lines.join('\n');
}

/** Writes the result as JSON to `<dir>/chaos-<date and time>.json` and returns the path. */
export function writeChaosResult(result: ChaosResult, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z');
  const file = path.join(dir, `chaos-${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
