/** Something started that can be stopped. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Starts several servers side by side. If any fails, the ones that did start are stopped before the first
 * failure is rethrown, so that a failed start never leaves a server running.
 */
export async function startTogether<T extends readonly Stoppable[]>(starts: {
  [K in keyof T]: () => Promise<T[K]>;
}): Promise<T> {
  const results = await Promise.allSettled(starts.map((start) => start()));
  const failure = results.find((result) => result.status === 'rejected');
  if (!failure)
    return results.map((result) => (result as PromiseFulfilledResult<Stoppable>).value) as unknown as T;
  await Promise.allSettled(
    results.map((result) => (result.status === 'fulfilled' ? result.value.stop() : Promise.resolve())),
  );
  throw (failure as PromiseRejectedResult).reason;
}
