import pino, { type DestinationStream, type Logger } from 'pino';
import { checkoutWorkflowId, orderIdOfWorkflowId } from '../temporal/workflow-ids';

export type { Logger } from 'pino';

/** A JSON logger (pino) for one part of the app; lines go to stdout unless a destination is given. */
export function createLogger(part: string, level = 'info', destination?: DestinationStream): Logger {
  return pino({ level, base: { part } }, destination);
}

/** The ids that let one order's lines be found across API and worker logs. */
export function orderFields(orderId: string | undefined): { orderId?: string; workflowId?: string } {
  return orderId ? { orderId, workflowId: checkoutWorkflowId(orderId) } : {};
}

/** The order id and workflow id a line's SDK metadata points to (a checkout's workflow id holds it). */
export function orderFieldsOfWorkflow(workflowId: unknown): { orderId?: string; workflowId?: string } {
  if (typeof workflowId !== 'string') return {};
  const orderId = orderIdOfWorkflowId(workflowId);
  return orderId ? { orderId, workflowId } : { workflowId };
}
