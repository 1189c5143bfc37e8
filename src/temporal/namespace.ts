import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';

// gRPC status codes (not re-exported by the client).
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

/**
 * Registers the namespace with its retention (how long closed runs stay readable) when missing. The dev
 * server makes its own; a cluster starts with none but `temporal-system`. Idempotent, so it runs at every
 * start; the server's namespace cache can take a few seconds to see a new one, so callers retry their first
 * call (see waitForNamespace).
 */
export async function ensureNamespace(
  connection: Connection,
  namespace: string,
  retentionMs: number,
): Promise<void> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return;
  } catch (error) {
    if ((error as { code?: number }).code !== NOT_FOUND) throw error;
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(retentionMs),
    });
  } catch (error) {
    if ((error as { code?: number }).code !== ALREADY_EXISTS) throw error;
  }
  await waitForNamespace(connection, namespace);
}

/** Waits until the frontend's namespace cache knows the namespace (a listing succeeds). */
async function waitForNamespace(connection: Connection, namespace: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
