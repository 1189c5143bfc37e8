import { InvariantCheck, type InvariantResult } from './audit-report';
import type { WorkflowProbe } from './workflow-probe';

/** The default bound on a checkout run's history: far above a normal saga, well below Temporal's limits. */
export const DEFAULT_HISTORY_LIMIT = 2_000;

/**
 * History: every run's history length (events, from describe) stays below a bound, so that repeated webhooks,
 * retries and restarts never grow a run towards Temporal's history limits.
 */
export function checkHistory(
  probes: Iterable<WorkflowProbe>,
  options: { limit?: number; maxExamples?: number } = {},
): InvariantResult {
  const limit = options.limit ?? DEFAULT_HISTORY_LIMIT;
  const check = new InvariantCheck('history', options.maxExamples);
  check.count('runs', 0);
  check.count('limit', limit);
  let longest = 0;
  let total = 0;
  for (const probe of probes) {
    if (probe.historyLength === undefined) continue;
    check.count('runs');
    total += probe.historyLength;
    longest = Math.max(longest, probe.historyLength);
    if (probe.historyLength >= limit)
      check.fail({
        orderId: probe.orderId,
        message: `history of ${probe.historyLength} events (limit ${limit})`,
      });
  }
  check.count('longest', longest);
  check.count('total', total);
  return check.result();
}
