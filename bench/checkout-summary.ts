import { perSecond, rate, summarize, type LatencySummary } from './bench-stats';
import type { OrderTimes } from './checkout-load';

/** A checkout scenario's figures, from the orders' own times in the database. */
export interface CheckoutFigures {
  orders: number;
  toShipped: number;
  toCompleted: number | null;
  post: LatencySummary;
  endToEndShipped: LatencySummary;
  outcomes: Record<string, number>;
  /** Sagas reaching `shipped` (and `completed`) in each second of the run. */
  timeline: { second: number; shipped: number; completed: number }[];
}

/** Throughput from the first order placed (`startMs`) to the last one to reach each milestone. */
export function checkoutFigures(startMs: number, postMs: number[], times: OrderTimes[]): CheckoutFigures {
  const shipped = times.flatMap((t) => (t.shipped === null ? [] : [t.shipped]));
  const completed = times.flatMap((t) => (t.completed === null ? [] : [t.completed]));
  const span = (moments: number[]) => (moments.length ? (Math.max(...moments) - startMs) / 1000 : 0);
  const outcomes: Record<string, number> = {};
  for (const { status, failureType } of times) {
    const key = failureType ? `${status} (${failureType})` : status;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  const shippedPerSecond = perSecond(startMs, shipped);
  const completedPerSecond = perSecond(startMs, completed);
  const seconds = Math.max(shippedPerSecond.length, completedPerSecond.length);
  return {
    orders: times.length,
    toShipped: rate(shipped.length, span(shipped)),
    toCompleted: completed.length ? rate(completed.length, span(completed)) : null,
    post: summarize(postMs),
    endToEndShipped: summarize(times.flatMap((t) => (t.shipped === null ? [] : [t.shipped - t.created]))),
    outcomes,
    timeline: Array.from({ length: seconds }, (_, second) => ({
      second,
      shipped: shippedPerSecond[second]?.count ?? 0,
      completed: completedPerSecond[second]?.count ?? 0,
    })),
  };
}
