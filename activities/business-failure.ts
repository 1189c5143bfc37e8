import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { FailureType } from '../src/domain/failure-types';

/** A non-retryable failure classified by its FailureType, so the workflow can tell business from outage. */
export function businessFailure(type: FailureType, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: details === undefined ? [] : [details],
  });
}

/** Serialises a transaction per order, so that a retried activity never races its earlier attempt. */
export async function lockOrder(trx: Knex.Transaction, orderId: string): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [orderId]);
}
