import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { CARRIED_FIELD, type CarriedRecords, type TransitionRecord } from '../src/domain/carried-records';
import type { CheckoutInput, CheckoutState, TimelineEntry } from '../src/domain/checkout';
import { markdownText } from '../src/domain/markdown-text';
import { canTransition, OrderStatus } from '../src/domain/order-status';
import { OrderStatusKey } from '../src/temporal/search-attributes';
import { runRecord, writeRecords } from './checkout.activities';

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

type RecordStep = (
  step: string,
  outcome: TimelineEntry['outcome'],
  status?: CheckoutState['status'],
  detail?: string,
) => Promise<void>;

/** Adds the carried writes, if any, to a step's input (see {@link Recorder.carriedBy}). */
export type Attach = <A extends object>(input: A) => A;

/** Records a step of the saga; see {@link createRecorder}. `seq()` is the last sequence number used. */
export type Recorder = RecordStep & {
  seq(): number;
  /**
   * Records like the recorder itself, but a carrying run leaves the write to the next step's activity
   * (`carriedBy`), or to the next write if one comes first. For a step the saga passes straight through.
   */
  carry: RecordStep;
  /** Leaves the order's own insert to the first step, like `carry`. */
  carryOrder(input: CheckoutInput): void;
  /**
   * Starts a step with the writes carried so far in its input. If the step fails they wait for the next
   * write: a step cancelled before it started never wrote them.
   */
  carriedBy<T>(start: (attach: Attach) => Promise<T>): Promise<T>;
};

export interface RecorderOptions {
  /** The writes are local activities (see useLocalRecords). */
  local?: boolean;
  /** Statuses the saga passes straight through are not indexed (see PASSING_STATUSES). */
  lean?: boolean;
  /** `carry` leaves its write to the next step (feature 'records-ride-on-steps'); otherwise it writes. */
  carrying?: boolean;
}

/**
 * The one path for state changes: it moves the status forward (only along the transition table), upserts
 * the OrderStatus search attribute, updates the UI's current details, and writes the timeline entry and
 * the order row, which is a projection of this state. A run continued as new carries on from `lastSeq`.
 */
export function createRecorder(
  state: CheckoutState,
  lastSeq = 0,
  { local = false, lean = false, carrying = false }: RecorderOptions = {},
): Recorder {
  let seq = lastSeq;
  // Writes a carrying run has not sent yet, oldest first.
  let pending: CarriedRecords = { transitions: [] };
  const takePending = (): CarriedRecords | undefined => {
    const taken = pending;
    pending = { transitions: [] };
    return taken.order || taken.transitions.length > 0 ? taken : undefined;
  };

  const transition = (
    step: string,
    outcome: TimelineEntry['outcome'],
    status: CheckoutState['status'],
    detail?: string,
  ): TransitionRecord => {
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
    const projection = { status, capturedMinor, refundedMinor, allocation, risk, failure, needsAttention };
    return { orderId, seq: ++seq, entry, projection: { ...projection, ...total } };
  };

  const record: RecordStep = async (step, outcome, status = state.status, detail) => {
    const written = transition(step, outcome, status, detail);
    if (!carrying)
      return runRecord(local, 'recordTransition', `Record ${step} ${outcome} (${status})`, written);
    const earlier = takePending();
    await writeRecords({ ...earlier, transitions: [...(earlier?.transitions ?? []), written] });
  };

  const carry: RecordStep = async (step, outcome, status = state.status, detail) => {
    if (!carrying) return record(step, outcome, status, detail);
    // A copy as it stands now: the state it projects may change before the next step sends it.
    pending.transitions.push(JSON.parse(JSON.stringify(transition(step, outcome, status, detail))));
  };

  const carriedBy = async <T>(start: (attach: Attach) => Promise<T>): Promise<T> => {
    const carried = takePending();
    const attach: Attach = (input) => (carried ? { ...input, [CARRIED_FIELD]: carried } : input);
    try {
      return await start(attach);
    } catch (error) {
      if (carried)
        pending = {
          order: carried.order ?? pending.order,
          transitions: [...carried.transitions, ...pending.transitions],
        };
      throw error;
    }
  };

  return Object.assign(record, {
    seq: () => seq,
    carry,
    carryOrder: (input: CheckoutInput) => {
      pending.order = input;
    },
    carriedBy,
  });
}
