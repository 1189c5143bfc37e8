import type { Knex } from 'knex';
import type { RiskInput } from '../../algorithms/risk';

/** An order the shop has learnt the truth about, with the features its assessment saw. */
export interface LabelledOutcome {
  orderId: string;
  input: RiskInput;
  isFraud: boolean;
}

/** Chargebacks can arrive months after delivery: only then is an order without one known to be legit. */
export const CHARGEBACK_WINDOW_DAYS = 120;

/**
 * Real training examples: orders confirmed as fraud by a chargeback (risk_outcomes), and completed orders
 * assessed longer ago than the chargeback window without one. Each carries the features its assessment saw
 * (risk_assessments), so the model learns from what it knew at decision time.
 */
export async function loadLabelledOutcomes(
  db: Knex,
  { legitAfterDays = CHARGEBACK_WINDOW_DAYS }: { legitAfterDays?: number } = {},
): Promise<LabelledOutcome[]> {
  const rows = await db('risk_assessments as a')
    .join('orders as o', 'o.id', 'a.order_id')
    .leftJoin('risk_outcomes as r', 'r.order_id', 'a.order_id')
    .where((q) =>
      q.where('r.label', 'fraud').orWhere((legit) =>
        legit
          .whereNull('r.order_id')
          .andWhere('o.status', 'completed')
          .andWhere('a.assessed_at', '<', db.raw(`now() - make_interval(days => ?)`, [legitAfterDays])),
      ),
    )
    .orderBy('a.order_id')
    .select('a.order_id', 'a.features', 'r.label');
  return rows.map((row) => ({
    orderId: row.order_id as string,
    input: row.features as RiskInput,
    isFraud: row.label === 'fraud',
  }));
}
