import type { Knex } from 'knex';
import type { AppMetrics } from '../src/observability/app-metrics';
import { CARRIED_FIELD, type CarriedRecords } from '../src/domain/carried-records';
import { writeCarried } from './order-records';

type Carrying = { [CARRIED_FIELD]?: CarriedRecords };

const carriedOf = (arg: unknown): CarriedRecords | undefined =>
  typeof arg === 'object' && arg !== null && CARRIED_FIELD in arg
    ? (arg as Carrying)[CARRIED_FIELD]
    : undefined;

/**
 * Lets any activity carry record writes in its input: when its first argument has a `carried` field, the
 * records are written first, on every attempt, and the activity gets its input without the field. A step's
 * records then cost no activation and no event of their own in the workflow: they ride on the next step.
 */
export function carryingRecords<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
  db: Knex,
  metrics: AppMetrics | undefined,
): T {
  const wrapped = Object.entries(activities).map(([name, activity]) => {
    const step = activity as (...args: unknown[]) => Promise<unknown>;
    const carrying = async (...args: unknown[]) => {
      const carried = carriedOf(args[0]);
      if (!carried) return step(...args);
      await writeCarried(db, metrics, carried);
      const { [CARRIED_FIELD]: _written, ...input } = args[0] as Carrying;
      return step(input, ...args.slice(1));
    };
    // The worker registers activities by property name; the function's own name shows in stack traces.
    Object.defineProperty(carrying, 'name', { value: name });
    return [name, carrying];
  });
  return Object.fromEntries(wrapped) as T;
}
