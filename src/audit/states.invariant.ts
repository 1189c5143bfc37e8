import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { isFinalStatus, OrderStatus } from '../domain/order-status';
import { InvariantCheck, type InvariantResult } from './audit-report';
import { probeWorkflow, type WorkflowProbe } from './workflow-probe';

/**
 * Statuses that name a deliberate wait: for a review decision, for the customer's payment (3-D Secure, a
 * wallet, a transfer, or a retry after a decline; each with its deadline), for the carrier, or for receipt.
 */
export const WAITING_STATUSES: readonly OrderStatus[] = [
  OrderStatus.inReview,
  OrderStatus.awaitingPayment,
  OrderStatus.shipped,
  OrderStatus.delivered,
];

/** A workflow task this many attempts in keeps failing (a crash of the worker costs one attempt, not three). */
const FAILING_TASK_ATTEMPT = 3;

/** Options of the states audit. */
export interface StatesAuditInput {
  maxExamples?: number;
  /** How long a row may lag behind its workflow (a transition being recorded) before that counts. */
  projectionLagMs?: number;
  probeTimeoutMs?: number;
}

interface OrderRow {
  id: string;
  status: OrderStatus;
  captured_minor: number | string;
  refunded_minor: number | string;
}

/**
 * States: every order is in a final status (completed, cancelled, rejected, failed) or in a deliberate wait
 * its status names (in_review, awaiting_payment, shipped, delivered, or a return under way) with its run still open;
 * nothing is stuck in progress, lost (no run) or closed half-way; no workflow task keeps failing; and every
 * order row's status, captured and refunded equal its workflow's state (the `status` query).
 */
export async function checkStates(
  db: Knex,
  temporal: Client,
  orderIds: readonly string[],
  probes: ReadonlyMap<string, WorkflowProbe>,
  input: StatesAuditInput = {},
): Promise<InvariantResult> {
  const check = new InvariantCheck('states', input.maxExamples);
  for (const key of ['orders', 'final', 'waiting', 'returnsUnderWay', 'runsOpen']) check.count(key, 0);
  const rows: OrderRow[] = await db('orders')
    .whereIn('id', orderIds)
    .select('id', 'status', 'captured_minor', 'refunded_minor');
  const byId = new Map(rows.map((row) => [row.id, row]));

  for (const orderId of orderIds) {
    check.count('orders');
    const fail = (message: string) => check.fail({ orderId, message });
    let row = byId.get(orderId);
    let probe = probes.get(orderId) ?? (await probeWorkflow(temporal, orderId, input.probeTimeoutMs));
    if (!row) {
      fail('no order row');
      continue;
    }
    if (!probe.found) {
      fail(`no workflow run for this ${row.status} order`);
      continue;
    }
    // The row is written just after the workflow's state changes: give a moving order time to catch up.
    const deadline = Date.now() + (input.projectionLagMs ?? 5_000);
    while (mismatch(row, probe) && probe.executionStatus === 'RUNNING' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      row = (await db('orders').where({ id: orderId }).first()) as OrderRow;
      probe = await probeWorkflow(temporal, orderId, input.probeTimeoutMs);
    }
    if (probe.error) {
      fail(probe.error);
      continue;
    }
    const difference = mismatch(row, probe);
    if (difference) fail(difference);
    judgeProgress(check, row, probe);
  }
  return check.result();
}

/** Why the row does not project the workflow's state, or undefined when it does. */
function mismatch(row: OrderRow, probe: WorkflowProbe): string | undefined {
  const state = probe.state;
  if (!state) return undefined;
  const rowView = `${row.status}, captured ${Number(row.captured_minor)}, refunded ${Number(row.refunded_minor)}`;
  const runView = `${state.status}, captured ${state.capturedMinor}, refunded ${state.refundedMinor}`;
  return rowView === runView ? undefined : `order row says ${rowView}; its workflow says ${runView}`;
}

function judgeProgress(check: InvariantCheck, row: OrderRow, probe: WorkflowProbe): void {
  const fail = (message: string) => check.fail({ orderId: row.id, message });
  const open = probe.executionStatus === 'RUNNING';
  if (open) check.count('runsOpen');
  if ((probe.workflowTaskAttempt ?? 0) >= FAILING_TASK_ATTEMPT)
    fail(`its workflow task keeps failing (attempt ${probe.workflowTaskAttempt})`);
  if (probe.executionStatus === 'TERMINATED' || probe.executionStatus === 'TIMED_OUT')
    fail(`its run was ${probe.executionStatus.toLowerCase()}, so nothing undid or finished it`);

  if (isFinalStatus(row.status)) {
    check.count('final');
    return;
  }
  const returning = probe.state?.shipments.some((s) => s.kind === 'return' && s.status !== 'delivered');
  if (!open) {
    fail(`its run is ${probe.executionStatus} but the order is still ${row.status}: it will never settle`);
  } else if (returning) {
    check.count('returnsUnderWay');
  } else if (WAITING_STATUSES.includes(row.status)) {
    check.count('waiting');
  } else {
    fail(`still in progress (${row.status}): neither final nor in a deliberate wait`);
  }
}
