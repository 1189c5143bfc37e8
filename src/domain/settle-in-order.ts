/**
 * Awaits promises that run side by side until every one has settled, even when one fails, so that nothing
 * is left running behind the caller's error handling. The first failure in list order wins, whichever
 * came first in time, so the error is the same on every run (and in workflow code, on every replay).
 */
export async function settleInOrder<T extends readonly unknown[]>(promises: {
  readonly [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
