import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { CheckoutState, TimelineEntry } from '../src/domain/checkout';
import { markdownText } from '../src/domain/markdown-text';
import { canTransition } from '../src/domain/order-status';
import { OrderStatusKey } from '../src/temporal/search-attributes';
import { runRecord } from './checkout.activities';

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
 * With `local`, the writes are local activities (see useLocalRecords).
 */
export function createRecorder(state: CheckoutState, lastSeq = 0, local = false): Recorder {
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
