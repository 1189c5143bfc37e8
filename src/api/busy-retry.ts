import { ServiceError } from '@temporalio/client';

// gRPC's RESOURCE_EXHAUSTED: Temporal refuses more in-flight Updates (or signals) on one run than its limit.
const RESOURCE_EXHAUSTED = 8;
const ATTEMPTS = 6;
const FIRST_BACKOFF_MS = 50;

const isBusy = (error: unknown) =>
  error instanceof ServiceError &&
  ((error.cause as { code?: number } | undefined)?.code === RESOURCE_EXHAUSTED ||
    (error as { code?: number }).code === RESOURCE_EXHAUSTED);

/**
 * Runs a message to a workflow run, trying again (with growing, jittered pauses, about 3 s in all) while
 * Temporal says the run is busy. Messages are idempotent here, so a repeat is safe; a burst of them on one
 * order then costs a little latency instead of a 503. Other errors, and a run still busy, are rethrown.
 */
export async function retryWhileBusy<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (!isBusy(error) || attempt >= ATTEMPTS) throw error;
      const pause = FIRST_BACKOFF_MS * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, pause / 2 + Math.random() * pause));
    }
  }
}
