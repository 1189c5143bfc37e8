import { proxyActivities } from '@temporalio/workflow';

/** The bare workflow's only activity: does nothing, so what is measured is Temporal's own cost. */
export interface CeilingActivities {
  noop(step: number): Promise<void>;
}

/** The bare workflows' task queue, apart from the checkout's. */
export const CEILING_TASK_QUEUE = 'bench-ceiling';

const { noop } = proxyActivities<CeilingActivities>({ startToCloseTimeout: '10 seconds' });

/** The benchmark's ceiling: `steps` no-op activities one after the other, as the saga's steps are. */
export async function ceiling(steps: number): Promise<void> {
  for (let step = 0; step < steps; step++) await noop(step);
}
