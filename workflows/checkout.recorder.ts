import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { CheckoutState, TimelineEntry } from '../src/domain/checkout';
import { markdownText } from '../src/domain/markdown-text';
import { canTransition, OrderStatus } from '../src/domain/order-status';
import { OrderStatusKey } from '../src/temporal/search-attributes';
import { runRecord } from './checkout.activities';

/**
 * Statuses the saga leaves in the same breath as it enters them: the next step is already under way. Each
 * upsert of a search attribute is a visibility write on the server, so a lean run (feature
 * 'lean-status-index') indexes only the statuses an order rests in; the order row and the timeline still
 * record every one. An order whose next step stalls shows the status before in a Temporal UI search.
 */
const PASSING_STATUSES: ReadonlySet<CheckoutState['status']> = new Set([
  OrderStatus.reserved,
  OrderStatus.paid,
]);

/** Records a step of the saga; see {@link createRecorder}. `seq()` is the last sequence number used. */
export type Recorder = ((
  step: string,
  outcome: TimelineEntry['outcome'],
  status?: CheckoutState['status'],
  detail?: string,
) => Promise<void>) & { seq(): number };

/**
 * The one path for state changes: it moves the status forward (only along the transition table), upserts
 * the OrderStatus search attribute, updates the UI's current details, and writes the timeline entry and
 * the order row, which is a projection of this state. A run continued as new carries on from `lastSeq`.
 * With `local`, the writes are local activities (see useLocalRecords). With `lean`, statuses the saga passes
 * straight through are not indexed (see PASSING_STATUSES).
 */
export function createRecorder(state: CheckoutState, lastSeq = 0, local = false, lean = false): Recorder {
  let seq = lastSeq;
  const record = async (
    step: string,
    outcome: TimelineEntry['outcome'],
    status: CheckoutState['status'] = state.status,
    detail?: string,
  ) => {
    if (status !== state.status) {
      if (!canTransition(state.status, status))
        throw new Error(`illegal transition ${state.status} → ${status}`);
      state.status = status;
      if (!(lean && PASSING_STATUSES.has(status)))
        upsertSearchAttributes([{ key: OrderStatusKey, value: status }]);
    }
    const entry: TimelineEntry = {
      at: new Date().toISOString(),
      step,
      outcome,
      status,
      ...(detail ? { detail } : {}),
    };
    state.timeline.push(entry);
    // Details are markdown, and `detail` may carry a customer's or reviewer's own words: escaped.
    setCurrentDetails(
      `**${state.status}** · ${markdownText(step)} ${outcome}${detail ? `: ${markdownText(detail)}` : ''}`,
    );
    const { orderId, capturedMinor, refundedMinor, allocation, risk, failure, needsAttention } = state;
    // Only runs that can change their orders send the total (it can only change there).
    const total = state.changes ? { totalMinor: state.totalMinor } : {};
    await runRecord(local, 'recordTransition', `Record ${step} ${outcome} (${status})`, {
      orderId,
      seq: ++seq,
      entry,
      projection: {
        status,
        capturedMinor,
        refundedMinor,
        allocation,
        risk,
        failure,
        needsAttention,
        ...total,
      },
    });
  };
  return Object.assign(record, { seq: () => seq });
}
