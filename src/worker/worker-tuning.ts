import type { WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../config';
import { capWorkflowThreadHeap } from './workflow-heap';

/**
 * The worker options that shape throughput and memory, from config: the same for the checkout worker and
 * the benchmark's bare-workflow worker, so that the ceiling is measured with the checkout's settings.
 * Unset values keep the SDK's defaults. Call it just before Worker.create: it also caps the heap of the
 * workflow thread that Worker.create starts (see capWorkflowThreadHeap).
 */
export function workerTuning(worker: AppConfig['worker']): Partial<WorkerOptions> {
  capWorkflowThreadHeap(worker.workflowHeapMb);
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
