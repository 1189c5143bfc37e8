import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { checkoutWorkflowId } from '../temporal/workflow-ids';
import { ALREADY_DONE, statusQuery, type CommandResult } from '../../workflows/checkout.messages';
import { retryWhileBusy } from './busy-retry';
import type { ApiDeps } from './deps';
import { conflict } from './http-errors';

const CLOSED = 'the order is closed: it has ended or its return window is over';

/** Sends messages to an order's workflow, turning Temporal's refusals into HTTP answers. */
export function createOrderMessenger(deps: Pick<ApiDeps, 'temporal'>) {
  const handleOf = (orderId: string) => deps.temporal.workflow.getHandle(checkoutWorkflowId(orderId));

  return {
    handleOf,

    /** Signals the order's workflow; a closed run answers 409. */
    async signal<Args extends unknown[]>(orderId: string, definition: SignalDefinition<Args>, ...args: Args) {
      try {
        await retryWhileBusy(() => handleOf(orderId).signal(definition, ...args));
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw conflict(CLOSED);
        throw error;
      }
    },

    /**
     * Runs a command (an Update) and returns the workflow's answer. A validator's refusal is a 409 with its
     * reason, and writes nothing; a repeat of a command already taken is answered as success (`repeated`).
     */
    async command<Args extends unknown[], Result extends CommandResult = CommandResult>(
      orderId: string,
      definition: UpdateDefinition<Result, Args>,
      ...args: Args
    ): Promise<(Result | CommandResult) & { repeated: boolean }> {
      try {
        // The SDK's overloads split on arity; the definition's own Args type keeps callers honest.
        const run = handleOf(orderId).executeUpdate as (
          def: UpdateDefinition<Result, Args>,
          options: { args: Args },
        ) => Promise<Result>;
        const result = await retryWhileBusy(() => run.call(handleOf(orderId), definition, { args }));
        return { ...result, repeated: false };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw conflict(CLOSED);
        if (!(error instanceof WorkflowUpdateFailedError)) throw error;
        const cause = error.cause as { type?: string; message?: string } | undefined;
        if (cause?.type === ALREADY_DONE)
          return { status: (await handleOf(orderId).query(statusQuery)).status, repeated: true };
        throw conflict(cause?.message ?? error.message);
      }
    },
  };
}
