/**
 * Holds HTTP traffic while a server is deliberately down, like a load balancer draining a node for
 * maintenance: `close` waits for requests in flight to finish, new ones wait until `open`. The chaos run
 * tests that checkouts survive the restart, not how the API answers while its database is gone.
 */
export class TrafficGate {
  private reopened: Promise<void> | null = null;
  private reopen: () => void = () => undefined;
  private inFlight = 0;
  private drained: (() => void) | null = null;

  /** Waits while the gate is closed, then counts a request in; call the returned function when it ends. */
  async enter(): Promise<() => void> {
    while (this.reopened) await this.reopened;
    this.inFlight += 1;
    return () => {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    };
  }

  /** Closes the gate and resolves once no request is in flight (or after `timeoutMs`, reporting how many were). */
  async close(timeoutMs = 60_000): Promise<number> {
    this.reopened ??= new Promise<void>((resolve) => (this.reopen = resolve));
    if (this.inFlight === 0) return 0;
    await Promise.race([
      new Promise<void>((resolve) => (this.drained = resolve)),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
    this.drained = null;
    return this.inFlight;
  }

  open(): void {
    const reopen = this.reopen;
    this.reopened = null;
    reopen();
  }
}
