import type { CheckoutInput, CheckoutState, TimelineEntry } from './checkout';

/** One step of the order's timeline, with the projection of workflow state that goes with it. */
export interface TransitionRecord {
  orderId: string;
  seq: number;
  entry: TimelineEntry;
  projection: Pick<
    CheckoutState,
    'status' | 'capturedMinor' | 'refundedMinor' | 'allocation' | 'risk' | 'failure' | 'needsAttention'
  > &
    // Sent by runs that can change their orders: a change before the charge lowers the total.
    Partial<Pick<CheckoutState, 'totalMinor'>>;
}

/**
 * Record writes that ride on the saga's next step instead of a local activity of their own (see the
 * recorder's `carry`): the order itself, for the run's first step, and the transitions recorded since the
 * last write. The step's activity writes them before its own work, on every attempt (each write is
 * idempotent).
 */
export interface CarriedRecords {
  order?: CheckoutInput;
  transitions: TransitionRecord[];
}

/** The field of a step's input that carries record writes. */
export const CARRIED_FIELD = 'carried';
