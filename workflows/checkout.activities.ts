import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { CheckoutActivities } from '../activities';

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
