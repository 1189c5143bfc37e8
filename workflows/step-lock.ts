import { condition } from '@temporalio/workflow';

/**
 * Serialises the saga's own steps (reserve, risk, charge, labels) with order changes, so that a change never
 * runs while a step it affects is in flight: it waits for the step, then applies to what the step did. A
 * holder may keep it past its handler (a new address waiting for a support review holds back the charge
 * and the labels until decided).
 */
export class StepLock {
  private held = false;
  // Fair locks only: the tickets of waiters, first come first served.
  private readonly waiting: number[] = [];
  private tickets = 0;

  /**
   * A fair lock hands itself to waiters in the order they came: a step that releases it and asks again at
   * once queues behind a change already waiting, rather than taking it back before the change can wake
   * (runs from 'records-ride-on-steps' on; older runs had a write that yielded between steps).
   */
  constructor(private readonly fair = false) {}

  /** Waits until free, takes it, and returns the release (safe to call twice). */
  async acquire(): Promise<() => void> {
    if (this.fair) {
      if (this.held || this.waiting.length > 0) {
        const ticket = this.tickets++;
        this.waiting.push(ticket);
        await condition(() => !this.held && this.waiting[0] === ticket);
        this.waiting.shift();
      }
    } else {
      // Several waiters may wake in one activation: each checks again before taking it.
      while (this.held) await condition(() => !this.held);
    }
    this.held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held = false;
    };
  }

  async run<T>(step: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await step();
    } finally {
      release();
    }
  }
}
