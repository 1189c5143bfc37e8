import { patched } from '@temporalio/workflow';

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
  // Came with the first baseline (features-2026-11): runs from before it take them only if they reach this
  // code live.
  | 'risk-beside-reservation'
  | 'lean-status-index'
  // Came with the second baseline (features-2026-11-23).
  | 'records-ride-on-steps';

/**
 * Baseline patches: a run started on this code takes the newest, in place of asking for each feature one by
 * one. Each `patched()` call writes a marker event and upserts Temporal's TemporalChangeVersion search
 * attribute (a visibility write on the server), so a checkout that asked for its dozen features separately
 * paid a dozen of each. A run with a baseline's marker has every feature but those added after it (`lacks`);
 * an older run (no marker while it replays) asks for each feature as it did before, so its history replays
 * unchanged. Newest first; a new feature joins a new baseline at the head and the `lacks` of every older one.
 */
const BASELINES: readonly { id: string; lacks: ReadonlySet<Feature> }[] = [
  { id: 'features-2026-11-23', lacks: new Set() },
  { id: 'features-2026-11', lacks: new Set(['records-ride-on-steps']) },
];

/** The baseline a run started on this code takes. */
export const FEATURE_BASELINE = BASELINES[0]!.id;

/** Whether this run takes `id`: like `patched(id)`, but free for runs that took a baseline that has it. */
export function feature(id: Feature): boolean {
  for (const baseline of BASELINES) if (!baseline.lacks.has(id) && patched(baseline.id)) return true;
  return patched(id);
}
