import path from 'node:path';
import { formatChaosReport } from '../../bench/chaos-report';
import { runChaos, type ChaosResult } from '../../bench/chaos-run';

// A small chaos run on a stack of its own (data/chaos/test): 30 checkouts through one worker SIGKILL, one
// Temporal restart, one PostgreSQL restart and the sandbox's injected failures, then the invariant audit.

const ROOT = path.resolve(__dirname, '../..');
const log: string[] = [];
let result: ChaosResult;

beforeAll(async () => {
  result = await runChaos({
    root: ROOT,
    label: 'test',
    orders: 30,
    kills: 1,
    temporalRestarts: 1,
    postgresRestarts: 1,
    concurrency: 15,
    // Bounded so that a broken run still reports within the test's budget.
    waitTimeoutMs: 60_000,
    settleTimeoutMs: 60_000,
    probeTimeoutMs: 10_000,
    log: (line) => log.push(line),
  });
  // The whole story, for whoever reads a failure.
  if (!result.passed) console.log(`${log.join('\n')}\n${formatChaosReport(result)}`);
}, 300_000);

describe('chaos run', () => {
  test('when the run is over, then every fault it promised was injected', () => {
    expect(result.faults).toMatchObject({
      workerKills: 1,
      unplannedWorkerExits: 0,
      temporalRestarts: 1,
      postgresRestarts: 1,
    });
    expect(result.faults.injectedUnavailable).toBeGreaterThan(0);
    expect(result.orders.placed).toBe(30);
  });

  test('when servers restart and the worker is killed mid-saga, then no request gets a 5xx or goes unanswered', () => {
    expect(result.http.examples).toEqual([]);
    expect(result.http).toMatchObject({ serverErrors: 0, noAnswer: 0 });
  });

  test('when hostile requests arrive, then every one is refused with a 4xx', () => {
    expect(result.http.hostile.sent).toBeGreaterThan(0);
    expect(result.http.hostile.refused).toBe(result.http.hostile.sent);
  });

  test('when the faults are over, then every order settles in a final status or a deliberate wait', () => {
    expect(result.settle.unsettled).toEqual([]);
  });

  test('when the audit runs, then stock, money, states and histories all hold', () => {
    expect(result.audit?.invariants.map((i) => [i.name, i.violations])).toEqual([
      ['stock', []],
      ['money', []],
      ['pricing', []],
      ['states', []],
      ['history', []],
    ]);
    expect(result.violations).toEqual([]);
  });
});
