import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleHandle,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
} from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

export interface IntervalScheduleOptions {
  scheduleId: string;
  workflowType: string;
  taskQueue: string;
  /** How often a run starts, in milliseconds (Temporal rounds it to whole seconds). */
  intervalMs: number;
  args: unknown[];
}

// A run that cannot finish (say the database is down) must not hold off later ones forever under SKIP.
const MIN_RUN_TIMEOUT_MS = 10 * 60_000;

/**
 * Creates a Schedule that starts `workflowType` every `intervalMs`, or brings an existing one up to date
 * with the given interval, task queue and arguments, so every worker start may call it and config changes
 * apply. Runs never overlap: a run due while the previous one is still going is skipped. Each run's
 * workflow id is the schedule id plus the scheduled time, which Temporal appends.
 */
export async function ensureIntervalSchedule(
  client: Client,
  { scheduleId, workflowType, taskQueue, intervalMs, args }: IntervalScheduleOptions,
): Promise<ScheduleHandle> {
  if (!Number.isFinite(intervalMs) || intervalMs < 1000) {
    throw new Error(`intervalMs must be at least one second, got ${intervalMs}`);
  }
  const spec: ScheduleSpec = { intervals: [{ every: intervalMs }] };
  // Typed loosely here; each caller's own wrapper checks its workflow's arguments.
  const action = {
    type: 'startWorkflow',
    workflowType,
    workflowId: scheduleId,
    taskQueue,
    args,
    workflowRunTimeout: Math.max(intervalMs, MIN_RUN_TIMEOUT_MS),
  } as ScheduleOptionsStartWorkflowAction<Workflow>;
  const overlap = ScheduleOverlapPolicy.SKIP;
  try {
    return await client.schedule.create({ scheduleId, spec, action, policies: { overlap } });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(scheduleId);
  await handle.update((previous) => ({
    ...previous,
    spec,
    action,
    policies: { ...previous.policies, overlap },
  }));
  return handle;
}
