import type { TimelineEntry } from '../domain/checkout';
import type { AppMetrics } from './app-metrics';

/** The saga's undo steps, as its compensation list names them (workflows/checkout.workflow.ts). */
const COMPENSATION_STEPS = new Set(['release stock', 'refund payment', 'cancel shipments']);

/**
 * Counts one timeline entry, written for the first time: the status it enters, a compensation that ran or
 * failed, a refund's outcome. Called once per entry (retried writes of the same entry are not counted).
 */
export function countTransition(metrics: AppMetrics, entry: TimelineEntry, statusChanged: boolean): void {
  if (statusChanged) metrics.sagaTransitions.inc({ status: entry.status });
  if (COMPENSATION_STEPS.has(entry.step) && (entry.outcome === 'compensated' || entry.outcome === 'failed'))
    metrics.compensations.inc({ outcome: entry.outcome === 'compensated' ? 'completed' : 'failed' });
  if (entry.step === 'refund' && (entry.outcome === 'completed' || entry.outcome === 'failed'))
    metrics.refunds.inc({ outcome: entry.outcome });
}
