import type { Knex } from 'knex';
import type { CarriedRecords, TransitionRecord } from '../src/domain/carried-records';
import type { CheckoutInput } from '../src/domain/checkout';
import { insertOrder } from '../src/db/repos/orders.repo';
import type { AppMetrics } from '../src/observability/app-metrics';
import { countTransition } from '../src/observability/saga-metrics';

/** Creates the order and its lines unless they exist (the API may already have written them). */
export async function writeOrder(db: Knex, input: CheckoutInput): Promise<void> {
  await insertOrder(db, input, { ifMissing: true });
}

/**
 * Appends a timeline entry (idempotent by seq) and updates the order row to match the workflow. The row only
 * moves to a newer seq: a retried or late write of an older transition never overwrites a newer one. One
 * statement (its parts see one snapshot), so one round trip instead of a transaction's five: this runs at
 * every step of every saga.
 */
export async function writeTransition(
  db: Knex,
  metrics: AppMetrics | undefined,
  { orderId, seq, entry, projection }: TransitionRecord,
): Promise<void> {
  const json = (value: unknown) => (value ? JSON.stringify(value) : null);
  // Runs from before the flag existed send no value; the column is left alone for them.
  const setAttention = projection.needsAttention !== undefined;
  const { rows } = await db.raw(
    `WITH before AS (SELECT status FROM orders WHERE id = ?),
     inserted AS (
       INSERT INTO order_events (order_id, seq, step, outcome, status, detail, at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (order_id, seq) DO NOTHING RETURNING seq),
     updated AS (
       UPDATE orders SET last_seq = ?, status = ?, captured_minor = ?, refunded_minor = ?,
         allocation = ?, risk = ?, failure = ?,
         needs_attention = CASE WHEN ? THEN ? ELSE needs_attention END,
         total_minor = COALESCE(?, total_minor), updated_at = now()
       WHERE id = ? AND last_seq < ? RETURNING id)
     SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT status FROM before) AS before,
            (SELECT count(*) FROM updated)::int AS updated`,
    [
      orderId,
      orderId,
      seq,
      entry.step,
      entry.outcome,
      entry.status,
      entry.detail ?? null,
      entry.at,
      seq,
      projection.status,
      projection.capturedMinor,
      projection.refundedMinor,
      json(projection.allocation),
      json(projection.risk),
      json(projection.failure),
      setAttention,
      setAttention ? (projection.needsAttention ?? null) : null,
      projection.totalMinor ?? null,
      orderId,
      seq,
    ],
  );
  const { inserted, before } = rows[0] as { inserted: number; before: string | null };
  if (metrics && inserted > 0) countTransition(metrics, entry, before !== projection.status);
}

/** Writes carried records in order: the order first (a transition updates its row), then each transition. */
export async function writeCarried(
  db: Knex,
  metrics: AppMetrics | undefined,
  { order, transitions }: CarriedRecords,
): Promise<void> {
  if (order) await writeOrder(db, order);
  for (const transition of transitions) await writeTransition(db, metrics, transition);
}
