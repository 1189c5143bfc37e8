/**
 * Runs jobs one at a time in arrival order. Signal handlers enqueue their side effects here, so that
 * refunds and carrier updates never overlap each other, and the workflow can wait until all are done.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly onError: (error: unknown) => void) {}

  push(job: () => Promise<void>): void {
    this.pending += 1;
    this.tail = this.tail
      .then(job)
      .catch(this.onError)
      .finally(() => {
        this.pending -= 1;
      });
  }

  get idle(): boolean {
    return this.pending === 0;
  }
}
