import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { CheckoutActivities } from '../activities';

/** Retries outages with backoff forever; business failures are thrown non-retryable by the activities. */
export const ACTIVITY_OPTIONS: ActivityOptions = {
  // Short enough that a crashed worker's activity is retried elsewhere quickly.
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};

export const activities = proxyActivities<CheckoutActivities>(ACTIVITY_OPTIONS);

type Activities = typeof activities;

/** Runs an activity with a one-line summary, so the UI timeline reads like the saga. */
export function run<K extends keyof Activities>(
  name: K,
  summary: string,
  ...args: Parameters<Activities[K]>
): ReturnType<Activities[K]> {
  const fn = activities[name] as unknown as {
    executeWithOptions(options: ActivityOptions, args: unknown[]): ReturnType<Activities[K]>;
  };
  return fn.executeWithOptions({ ...ACTIVITY_OPTIONS, summary }, args);
}
