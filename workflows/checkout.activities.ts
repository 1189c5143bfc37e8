import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { CheckoutActivities } from '../activities';
import type { CarriedRecords } from '../src/domain/carried-records';
import { feature } from './features';

/** Retries outages with backoff forever; business failures are thrown non-retryable by the activities. */
export const ACTIVITY_OPTIONS: ActivityOptions = {
  // Short enough that a crashed worker's activity is retried elsewhere quickly.
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};

export const activities = proxyActivities<CheckoutActivities>(ACTIVITY_OPTIONS);

/**
 * Where the default (retry outages forever) is wrong. A refund or a charge that cannot reach the provider
 * for a day is not going to: it fails, the saga compensates or flags the order for a person, and the
 * queue moves on instead of waiting behind it forever.
 */
const OPTIONS_BY_ACTIVITY: Partial<Record<keyof CheckoutActivities, ActivityOptions>> = {
  capturePayment: { ...ACTIVITY_OPTIONS, scheduleToCloseTimeout: '1 day' },
  refundPayment: { ...ACTIVITY_OPTIONS, scheduleToCloseTimeout: '1 day' },
  authorizePayment: { ...ACTIVITY_OPTIONS, scheduleToCloseTimeout: '1 day' },
  reauthorizePayment: { ...ACTIVITY_OPTIONS, scheduleToCloseTimeout: '1 day' },
  captureParcelPayment: { ...ACTIVITY_OPTIONS, scheduleToCloseTimeout: '1 day' },
  voidAuthorization: { ...ACTIVITY_OPTIONS, scheduleToCloseTimeout: '1 day' },
  reconcileAuthorization: { ...ACTIVITY_OPTIONS, scheduleToCloseTimeout: '1 day' },
};

type Activities = typeof activities;

/** Runs an activity by name with a one-line summary; see {@link activityRunner}. */
export type ActivityRunner = <K extends keyof Activities>(
  name: K,
  summary: string,
  ...args: Parameters<Activities[K]>
) => ReturnType<Activities[K]>;

/**
 * Builds a `run(name, summary, ...args)` that executes activities with the given options and a one-line
 * summary each, so the UI timeline reads like the workflow. Every workflow shares this one helper.
 */
export function activityRunner(
  options: ActivityOptions,
  overrides: Partial<Record<keyof CheckoutActivities, ActivityOptions>> = {},
): ActivityRunner {
  return (name, summary, ...args) => {
    const fn = activities[name] as unknown as {
      executeWithOptions(options: ActivityOptions, args: unknown[]): ReturnType<Activities[typeof name]>;
    };
    return fn.executeWithOptions({ ...(overrides[name] ?? options), summary }, args);
  };
}

/** Runs a checkout activity with a one-line summary, so the UI timeline reads like the saga. */
export const run: ActivityRunner = activityRunner(ACTIVITY_OPTIONS, OPTIONS_BY_ACTIVITY);

/**
 * The order row and timeline writes, as local activities: short, idempotent database writes that need no
 * task queue round trip. A local activity runs in the worker inside the workflow task and leaves one marker
 * event instead of an activity's three and a workflow task's three, so each recorded step costs about a
 * sixth of the events and no wait on the server. Retried like the others (a local activity retried past a
 * minute is rescheduled through a timer).
 */
type RecordActivities = Pick<CheckoutActivities, 'recordOrder' | 'recordTransition' | 'recordTransitions'>;
const localRecords = proxyLocalActivities<RecordActivities>({
  startToCloseTimeout: '10 seconds',
  retry: ACTIVITY_OPTIONS.retry,
});

/**
 * Runs an order-row write, as a local activity when `local` (see {@link useLocalRecords}), else as a
 * regular one.
 */
export function runRecord<K extends keyof RecordActivities>(
  local: boolean,
  name: K,
  summary: string,
  ...args: Parameters<RecordActivities[K]>
): Promise<void> {
  if (local) return (localRecords[name] as (...values: unknown[]) => Promise<void>)(...args);
  return (run as (name: K, summary: string, ...values: unknown[]) => Promise<void>)(name, summary, ...args);
}

/** Writes records no step carried, with the latest, in one local activity (a carrying run's record). */
export function writeRecords(records: CarriedRecords): Promise<void> {
  return localRecords.recordTransitions(records);
}

/**
 * Patched ('local-records'): whether this run writes its order row and timeline through local activities.
 * Asked once, as the run starts, so that a run is one kind or the other throughout: a run started before
 * the patch keeps regular activities to its end, even for messages that arrive after a new worker took it.
 */
export const useLocalRecords = (): boolean => feature('local-records');
