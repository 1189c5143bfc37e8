import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { mapLimit, type AuditReport } from './audit-report';
import { checkHistory } from './history.invariant';
import { takeInventorySnapshot, type InventorySnapshot, type Restock } from './inventory-snapshot';
import { checkMoney } from './money.invariant';
import { checkPricing } from './pricing.invariant';
import { checkStates } from './states.invariant';
import { checkStock } from './stock.invariant';
import { probeWorkflow, type WorkflowProbe } from './workflow-probe';

/** What the auditor reads: the app's database (with the sandbox ledgers) and Temporal. */
export interface AuditorDeps {
  db: Knex;
  temporal: Client;
}

/** What to audit and how strictly; everything in the database by default. */
export interface AuditOptions {
  /** Only these orders (e.g. a test's own); every order when omitted. */
  orderIds?: readonly string[];
  /** Only these SKUs' stock rows; every SKU when omitted. */
  skus?: readonly string[];
  /** Stock before the run (from `snapshotInventory`); enables the conservation check. */
  snapshot?: InventorySnapshot;
  /** Units added on hand since the snapshot. */
  restocks?: readonly Restock[];
  /** Bound on each run's history length (default 2,000 events). */
  historyLimit?: number;
  /** Violations listed per invariant (the rest are counted). */
  maxExamples?: number;
  /** How long an order row may lag behind its running workflow before the difference counts. */
  projectionLagMs?: number;
  /** Deadline of each describe and query. */
  probeTimeoutMs?: number;
  /** Runs described and queried at once. */
  concurrency?: number;
}

/** The invariant auditor: stock, money, pricing, states and history, each a pass/fail with counts and examples. */
export interface Auditor {
  /** Takes the opening stock snapshot; call it before the run's first order. */
  snapshotInventory(skus?: readonly string[]): Promise<InventorySnapshot>;
  /**
   * Checks every invariant and returns a structured report. Audit a quiet system (no requests in flight):
   * a run still moving may be caught between a money movement and its record. Queries need a worker polling
   * the checkout task queue, closed runs included.
   */
  audit(options?: AuditOptions): Promise<AuditReport>;
}

/** Builds the auditor over explicit dependencies, for tests, the chaos run and support alike. */
export function createAuditor({ db, temporal }: AuditorDeps): Auditor {
  return {
    snapshotInventory: (skus) => takeInventorySnapshot(db, skus),

    async audit(options = {}) {
      const orderIds: string[] = options.orderIds
        ? [...options.orderIds]
        : await db('orders').orderBy('created_at').pluck('id');
      const probes = new Map<string, WorkflowProbe>(
        (
          await mapLimit(orderIds, options.concurrency ?? 8, (id) =>
            probeWorkflow(temporal, id, options.probeTimeoutMs),
          )
        ).map((probe) => [probe.orderId, probe]),
      );
      const { maxExamples } = options;
      // States first: it gives a lagging row time to catch up, so the reads after it see a quieter system.
      const states = await checkStates(db, temporal, orderIds, probes, {
        maxExamples,
        projectionLagMs: options.projectionLagMs,
        probeTimeoutMs: options.probeTimeoutMs,
      });
      const invariants = [
        await checkStock(db, {
          skus: options.skus,
          snapshot: options.snapshot,
          restocks: options.restocks,
          orderIds: options.orderIds,
          maxExamples,
        }),
        await checkMoney(db, { orderIds: options.orderIds, maxExamples }),
        await checkPricing(db, { orderIds: options.orderIds, maxExamples }),
        states,
        checkHistory(probes.values(), { limit: options.historyLimit, maxExamples }),
      ];
      return {
        passed: invariants.every((invariant) => invariant.passed),
        auditedAt: new Date().toISOString(),
        invariants,
      };
    },
  };
}
