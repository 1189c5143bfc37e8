import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { allocate, type AllocationCostModel } from '../src/algorithms/allocation';
import { allocateWave, type WaveOrderResult } from '../src/algorithms/wave-allocation';
import type { AllocationSummary } from '../src/domain/checkout';
import type { FailureType } from '../src/domain/failure-types';
import { businessFailure } from './business-failure';
import {
  destinationOf,
  loadAvailableStock,
  StalePlan,
  writeReservation,
  type ReserveStockInput,
} from './reservations';

/** How long a wave collects orders, and how many it takes at most. */
export interface WaveSettings {
  windowMs: number;
  maxOrders: number;
}

/** A waiting order's outcome, as its row records it. */
type Outcome =
  { summary: AllocationSummary } | { failure: { type: FailureType; message: string; details?: unknown } };

const WAVE_LOCK = 'allocation-wave';
const POLL_MS = 50;

/**
 * Reserves an order's stock as part of a wave: orders that arrive within `windowMs` are allocated together,
 * as one problem (allocateWave), so one order does not take the stock a neighbour needed more.
 *
 * The queue is a table, and whichever waiting checkout first holds the wave lock (a transaction-scoped
 * advisory lock) once the oldest request has waited `windowMs` (or `maxOrders` are waiting) allocates every
 * waiting order in one transaction, with the same conditional writes as per-order allocation, so stock can
 * never be oversold, and records each outcome in its row. An order whose wave has not come by the window
 * plus a grace period takes itself out of the queue and is allocated alone. A retried activity finds its
 * row and answers the same outcome.
 */
export async function reserveInWave(
  db: Knex,
  input: ReserveStockInput,
  settings: AllocationCostModel & { wave: WaveSettings },
  reserveAlone: () => Promise<AllocationSummary>,
): Promise<AllocationSummary> {
  await db('allocation_wave_requests')
    .insert({ order_id: input.orderId, request: JSON.stringify(input), status: 'waiting' })
    .onConflict('order_id')
    .ignore();
  const deadline = Date.now() + 2 * settings.wave.windowMs + 1_000;
  for (;;) {
    const row = await db('allocation_wave_requests').where({ order_id: input.orderId }).first();
    if (row.status === 'alone') return reserveAlone();
    if (row.status !== 'waiting') return answer(row.outcome as Outcome);
    if (Date.now() > deadline) {
      const left = await db('allocation_wave_requests')
        .where({ order_id: input.orderId, status: 'waiting' })
        .update({ status: 'alone', decided_at: db.fn.now() });
      if (left > 0) return reserveAlone();
      continue; // a wave took it just now: read its outcome
    }
    await leadWaveIfDue(db, settings).catch((error: unknown) => {
      // Another checkout's stock moved under the wave's plan: the next leader plans it again.
      if (!(error instanceof StalePlan)) throw error;
    });
    heartbeat();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Allocates the waiting orders together if this process gets the wave lock and the wave is due. */
async function leadWaveIfDue(
  db: Knex,
  settings: AllocationCostModel & { wave: WaveSettings },
): Promise<void> {
  await db.transaction(async (trx) => {
    const locked = await trx.raw('SELECT pg_try_advisory_xact_lock(hashtext(?)) AS locked', [WAVE_LOCK]);
    if (!locked.rows[0].locked) return;
    const waiting = await trx('allocation_wave_requests')
      .where({ status: 'waiting' })
      .orderBy([{ column: 'requested_at' }, { column: 'order_id' }])
      .limit(settings.wave.maxOrders)
      .forUpdate()
      .skipLocked();
    if (waiting.length === 0) return;
    const oldestWaitedMs = Date.now() - new Date(waiting[0].requested_at).getTime();
    if (waiting.length < settings.wave.maxOrders && oldestWaitedMs < settings.wave.windowMs) return;
    await allocateTogether(trx, waiting, settings);
  });
}

/** One wave: plan all orders on the current stock, then write each one's reservation or failure. */
async function allocateTogether(
  trx: Knex.Transaction,
  rows: Array<{ order_id: string; request: ReserveStockInput }>,
  costModel: AllocationCostModel,
): Promise<void> {
  const requests = rows.map((row) => row.request);
  const skus = [...new Set(requests.flatMap((r) => r.lines.map((l) => l.sku)))];
  const warehouses = await loadAvailableStock(trx, skus);
  const wave = allocateWave({
    orders: requests.map((r) => ({
      orderId: r.orderId,
      destination: destinationOf(r.shippingAddress),
      lines: r.lines,
    })),
    warehouses,
    costModel,
  });
  const waveId = randomUUID();
  for (const [index, request] of requests.entries()) {
    const result = wave.orders[index]!;
    // What the order would have cost alone from the same stock, for the order's allocation summary.
    const nearest = allocate('nearest', {
      destination: destinationOf(request.shippingAddress),
      lines: request.lines,
      warehouses,
      costModel,
    });
    const plan = {
      chosen: chosenOf(result),
      alternative: {
        strategy: 'nearest' as const,
        cost: nearest.status === 'allocated' ? nearest.cost : null,
      },
    };
    const outcome = await writeReservation(trx, request, plan).then(
      (summary): Outcome => ({ summary: { ...summary, wave: { waveId, orders: requests.length } } }),
      (error: unknown): Outcome => {
        if (error instanceof StalePlan) throw error;
        const failure = error as { type?: FailureType; message: string; details?: unknown[] };
        if (!failure.type) throw error;
        return { failure: { type: failure.type, message: failure.message, details: failure.details?.[0] } };
      },
    );
    await trx('allocation_wave_requests')
      .where({ order_id: request.orderId })
      .update({
        status: 'summary' in outcome ? 'allocated' : 'failed',
        outcome: JSON.stringify(outcome),
        wave_id: waveId,
        decided_at: trx.fn.now(),
      });
  }
}

const pick = ({ picks, cost, parcels }: Extract<WaveOrderResult, { status: 'allocated' }>) => ({
  picks,
  cost,
  parcels,
});

function chosenOf(result: WaveOrderResult) {
  return result.status === 'allocated'
    ? { status: 'allocated' as const, strategy: 'optimal' as const, ...pick(result) }
    : { status: 'insufficient' as const, strategy: 'optimal' as const, shortages: result.shortages };
}

function answer(outcome: Outcome): AllocationSummary {
  if ('summary' in outcome) return outcome.summary;
  const { type, message, details } = outcome.failure;
  throw businessFailure(type, message, details);
}

/** Tells Temporal the activity is alive while it waits (a no-op outside an activity, as in unit tests). */
function heartbeat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // not running inside an activity
  }
}
