import type { Knex } from 'knex';
import type { Principal } from '../../auth/roles';
import { recordAudit } from './audit-log.repo';

export const ADJUSTMENT_REASONS = [
  'received',
  'damaged',
  'lost',
  'count_correction',
  'returned_to_supplier',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export interface AdjustmentRequest {
  id: string;
  warehouseId: string;
  sku: string;
  delta: number;
  reason: AdjustmentReason;
  note?: string;
  requestHash: string;
}

export type AdjustmentOutcome =
  | { kind: 'applied' | 'repeated'; adjustment: ReturnType<typeof adjustmentView> }
  | { kind: 'conflict'; message: string; field?: string };

/**
 * Applies one stock adjustment exactly once. Under a row lock on the stock level, it checks that on hand
 * never drops below what is reserved, records the adjustment with the levels before and after, updates the
 * level, and writes the audit entry, all in one transaction. A repeat of the same id answers the first
 * outcome; the same id with a different request is a conflict.
 */
export async function applyAdjustment(
  db: Knex,
  actor: Principal,
  request: AdjustmentRequest,
): Promise<AdjustmentOutcome> {
  return db.transaction(async (trx) => {
    const earlier = await trx('inventory_adjustments').where({ id: request.id }).first();
    if (earlier) return repeatOf(earlier, request);
    const level = await trx('inventory')
      .where({ warehouse_id: request.warehouseId, sku: request.sku })
      .forUpdate()
      .first('on_hand', 'reserved');
    const onHandBefore: number = level?.on_hand ?? 0;
    const reserved: number = level?.reserved ?? 0;
    const onHandAfter = onHandBefore + request.delta;
    if (onHandAfter < reserved) {
      return {
        kind: 'conflict',
        field: 'delta',
        message: `would leave ${onHandAfter} on hand with ${reserved} reserved for orders`,
      } as const;
    }
    const [row] = await trx('inventory_adjustments')
      .insert({
        id: request.id,
        warehouse_id: request.warehouseId,
        sku: request.sku,
        delta: request.delta,
        reason: request.reason,
        note: request.note ?? null,
        actor_id: actor.subject,
        on_hand_before: onHandBefore,
        on_hand_after: onHandAfter,
        request_hash: request.requestHash,
      })
      .onConflict('id')
      .ignore()
      .returning('*');
    if (!row) {
      // Another request with this id committed between our read and our insert.
      return repeatOf(await trx('inventory_adjustments').where({ id: request.id }).first(), request);
    }
    await trx('inventory')
      .insert({ warehouse_id: request.warehouseId, sku: request.sku, on_hand: onHandAfter, reserved: 0 })
      .onConflict(['warehouse_id', 'sku'])
      .merge({ on_hand: onHandAfter });
    await recordAudit(trx, {
      actor,
      action: 'inventory.adjust',
      target: { type: 'inventory', id: `${request.warehouseId}/${request.sku}` },
      before: { onHand: onHandBefore, reserved },
      after: {
        onHand: onHandAfter,
        reserved,
        delta: request.delta,
        reason: request.reason,
        adjustmentId: request.id,
      },
    });
    return { kind: 'applied', adjustment: adjustmentView(row) } as const;
  });
}

function repeatOf(row: Record<string, unknown>, request: AdjustmentRequest): AdjustmentOutcome {
  if (row.request_hash !== request.requestHash)
    return {
      kind: 'conflict',
      field: 'adjustmentId',
      message: `adjustment ${request.id} was made with other values`,
    };
  return { kind: 'repeated', adjustment: adjustmentView(row) };
}

export function adjustmentView(row: Record<string, unknown>) {
  return {
    adjustmentId: row.id as string,
    warehouseId: row.warehouse_id as string,
    sku: row.sku as string,
    delta: row.delta as number,
    reason: row.reason as AdjustmentReason,
    note: (row.note as string | null) ?? null,
    actor: row.actor_id as string,
    onHandBefore: row.on_hand_before as number,
    onHandAfter: row.on_hand_after as number,
    at: new Date(row.created_at as string).toISOString(),
  };
}

/** The ledger, newest first, optionally for one SKU and warehouse. */
export async function listAdjustments(
  db: Knex,
  filter: { sku?: string; warehouseId?: string; limit?: number },
) {
  const query = db('inventory_adjustments')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(filter.limit ?? 50);
  if (filter.sku) query.where({ sku: filter.sku });
  if (filter.warehouseId) query.where({ warehouse_id: filter.warehouseId });
  return (await query).map(adjustmentView);
}
