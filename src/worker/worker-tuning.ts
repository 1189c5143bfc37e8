import type { WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../config';

/**
 * The worker options that shape throughput and memory, from config: the same for the checkout worker and
 * the benchmark's bare-workflow worker, so that the ceiling is measured with the checkout's settings.
 * Unset values keep the SDK's defaults.
 */
export function workerTuning(worker: AppConfig['worker']): Partial<WorkerOptions> {
  return {
    maxConcurrentActivityTaskExecutions: worker.activityConcurrency,
    ...(worker.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: worker.maxCachedWorkflows } : {}),
    ...(worker.workflowConcurrency !== undefined
      ? { maxConcurrentWorkflowTaskExecutions: worker.workflowConcurrency }
      : {}),
    ...(worker.pollers !== undefined
      ? {
          maxConcurrentWorkflowTaskPolls: worker.pollers,
          maxConcurrentActivityTaskPolls: worker.pollers,
        }
      : {}),
  };
}
