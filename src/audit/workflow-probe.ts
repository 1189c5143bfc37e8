import { WorkflowNotFoundError, type Client, type WorkflowExecutionStatusName } from '@temporalio/client';
import type { CheckoutState } from '../domain/checkout';
import { checkoutWorkflowId } from '../temporal/workflow-ids';
import { statusQuery } from '../../workflows/checkout.messages';

/** What Temporal knows about one order's checkout run. */
export interface WorkflowProbe {
  orderId: string;
  found: boolean;
  executionStatus?: WorkflowExecutionStatusName;
  historyLength?: number;
  /** Attempt of the workflow task waiting to run, if any: above 1 means earlier attempts failed. */
  workflowTaskAttempt?: number;
  /** The `status` query's answer: the workflow's own state, which the order row projects. */
  state?: CheckoutState;
  /** Why describing or querying failed, when it did. */
  error?: string;
}

/** How long one describe or query may take: a query needs a worker, and the audit must not hang without one. */
export const DEFAULT_PROBE_TIMEOUT_MS = 20_000;

/**
 * Describes an order's run and queries its state. Queries on a closed run are answered by replaying its
 * history, so they too need a worker polling the checkout task queue.
 */
export async function probeWorkflow(
  temporal: Client,
  orderId: string,
  timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<WorkflowProbe> {
  const handle = temporal.workflow.getHandle(checkoutWorkflowId(orderId));
  const within = <T>(fn: () => Promise<T>) => temporal.withDeadline(Date.now() + timeoutMs, fn);
  try {
    const description = await within(() => handle.describe());
    const probe: WorkflowProbe = {
      orderId,
      found: true,
      executionStatus: description.status.name,
      historyLength: description.historyLength,
      workflowTaskAttempt: description.raw.pendingWorkflowTask?.attempt ?? undefined,
    };
    try {
      probe.state = await within(() => handle.query(statusQuery));
    } catch (error) {
      probe.error = `status query failed: ${(error as Error).message}`;
    }
    return probe;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { orderId, found: false };
    return { orderId, found: true, error: `describe failed: ${(error as Error).message}` };
  }
}
