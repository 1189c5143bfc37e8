import type { Knex } from 'knex';
import type { Principal } from '../../auth/roles';

/** One staff or admin action: who did what to which thing, and the values before and after. */
export interface AuditEntry {
  actor: Principal;
  action: string;
  target: { type: 'order' | 'inventory' | 'product' | 'customer' | 'rate'; id: string };
  before?: unknown;
  after?: unknown;
}

/** Appends an entry; pass the transaction that made the change, so both land or neither does. */
export async function recordAudit(db: Knex | Knex.Transaction, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    actor_role: entry.actor.role,
    actor_id: entry.actor.subject,
    action: entry.action,
    target_type: entry.target.type,
    target_id: entry.target.id,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
  limit?: number;
  /** Entries with a smaller id than this cursor (the previous page's last id). */
  before?: number;
}

/** Entries newest first, with the id to pass as `before` for the next page. */
export async function queryAudit(db: Knex, filter: AuditFilter) {
  const limit = filter.limit ?? 50;
  const query = db('audit_log')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.actor) query.where({ actor_id: filter.actor });
  if (filter.action) query.where({ action: filter.action });
  if (filter.targetType) query.where({ target_type: filter.targetType });
  if (filter.targetId) query.where({ target_id: filter.targetId });
  if (filter.since) query.where('at', '>=', filter.since);
  if (filter.until) query.where('at', '<', filter.until);
  if (filter.before) query.where('id', '<', filter.before);
  const rows = await query;
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => ({
      id: Number(row.id),
      at: new Date(row.at).toISOString(),
      actor: { role: row.actor_role as string, id: row.actor_id as string },
      action: row.action as string,
      target: { type: row.target_type as string, id: row.target_id as string },
      before: row.before,
      after: row.after,
    })),
    nextBefore: rows.length > limit ? Number(page[page.length - 1]!.id) : null,
  };
}
