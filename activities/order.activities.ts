import type { CheckoutInput } from '../src/domain/checkout';
import type { ActivityDeps } from './deps';
import type { CarriedRecords, TransitionRecord } from '../src/domain/carried-records';
import { writeCarried, writeOrder, writeTransition } from './order-records';

/** Order-row activities: the row is a projection of workflow state, written through one path. */
export function createOrderActivities({ db, metrics }: ActivityDeps) {
  return {
    /** Creates the order and its lines unless they exist (the API may already have written them). */
    async recordOrder(input: CheckoutInput): Promise<void> {
      await writeOrder(db, input);
    },

    /** Appends a timeline entry and updates the order row to match; see {@link writeTransition}. */
    async recordTransition(record: TransitionRecord): Promise<void> {
      await writeTransition(db, metrics, record);
    },

    /** Writes records no step carried (the recorder's pending ones), then the latest; see writeCarried. */
    async recordTransitions(records: CarriedRecords): Promise<void> {
      await writeCarried(db, metrics, records);
    },
  };
}
