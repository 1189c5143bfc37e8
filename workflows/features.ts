import { patched } from '@temporalio/workflow';

/**
 * The patch every run started on this code takes, in place of asking for each feature one by one. Each
 * `patched()` call writes a marker event and upserts Temporal's TemporalChangeVersion search attribute (a
 * visibility write on the server), so a checkout that asked for its dozen features separately paid a dozen
 * of each. A run that has this marker has every feature below; an older run (no marker while it replays)
 * asks for each feature as it did before, so its history replays unchanged.
 *
 * A feature added later needs a new baseline: a run that took an earlier one has not got it.
 */
export const FEATURE_BASELINE = 'features-2026-11-23';

/** The first baseline: it stands for every feature but those added since (see ADDED_SINCE_FIRST). */
const FIRST_BASELINE = 'features-2026-11';

/** The features that changed running workflows, each a patch id that older histories may carry. */
export type Feature =
  | 'apply-kept-events-to-returns'
  | 'attention-on-failed-job'
  | 'authorize-then-capture'
  | 'buffer-unknown-carrier-events'
  | 'carrier-exceptions'
  | 'close-before-final-record'
  | 'compensate-on-workflow-cancel'
  | 'continue-as-new'
  | 'delivered-after-carrier-updates'
  | 'delivery-sla'
  | 'lapsed-return-completes'
  | 'local-records'
  | 'order-changes'
  | 'receipt-needs-moved-parcel'
  | 'refund-applications'
  | 'requests-in-return-window'
  | 'return-per-parcel'
  | 'safe-compensation'
  // Since the baseline: only runs with the baseline marker (or that reach this code live) take these.
  | 'risk-beside-reservation'
  | 'lean-status-index'
  // Since the second baseline.
  | 'records-ride-on-steps';

const ADDED_SINCE_FIRST: ReadonlySet<Feature> = new Set(['records-ride-on-steps']);

/** Whether this run takes `id`: like `patched(id)`, but free for runs that took a baseline that has it. */
export function feature(id: Feature): boolean {
  return patched(FEATURE_BASELINE) || (!ADDED_SINCE_FIRST.has(id) && patched(FIRST_BASELINE)) || patched(id);
}
