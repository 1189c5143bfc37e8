import { condition } from '@temporalio/workflow';

/**
 * Serialises the saga's own steps (reserve, risk, charge, labels) with order changes, so that a change never
 * runs while a step it affects is in flight: it waits for the step, then applies to what the step did. A
 * holder may keep it past its handler (a new address waiting for a support review holds back the charge
 * and the labels until decided).
 */
export class StepLock {
  private held = false;

  /** Waits until free, takes it, and returns the release (safe to call twice). */
  async acquire(): Promise<() => void> {
    // Several waiters may wake in one activation: each checks again before taking it.
    while (this.held) await condition(() => !this.held);
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
