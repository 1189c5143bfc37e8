/**
 * Calls `onExit` once the process that started us has gone (we get re-parented), checking every
 * `intervalMs`. A service manager or `kill <pid>` may stop `npm start` while npm itself does not pass the
 * signal on, or npm may die by SIGKILL; either way nothing should keep running for a parent that is gone.
 */
export function watchParent(onExit: () => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onExit();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
