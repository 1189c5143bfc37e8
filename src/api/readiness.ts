/**
 * Whether this API process should get new traffic. Shutdown turns it off first, so a load balancer stops
 * sending requests while the ones in flight finish.
 */
export interface Readiness {
  readonly shuttingDown: boolean;
  beginShutdown(): void;
}

/** A readiness flag that starts as ready. */
export function createReadiness(): Readiness {
  let shuttingDown = false;
  return {
    get shuttingDown() {
      return shuttingDown;
    },
    beginShutdown() {
      shuttingDown = true;
    },
  };
}
