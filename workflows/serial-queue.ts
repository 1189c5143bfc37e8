import { TemporalFailure } from '@temporalio/workflow';

/**
 * Runs jobs one at a time in arrival order. Signal handlers enqueue their side effects here, so that
 * refunds and carrier updates never overlap each other, and the workflow can wait until all are done.
 *
 * A job failing with a Temporal failure (an activity that failed for good) goes to `onFailure` and the
 * queue moves on. Anything else is a bug in workflow code (a TypeError, say): it is rethrown and left
 * unhandled, which fails the workflow task, so Temporal retries it once a fixed worker is deployed
 * instead of the queue swallowing it.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly onFailure: (error: unknown) => Promise<void> | void) {}

  push(job: () => Promise<void>): void {
    this.pending += 1;
    const done = this.tail.then(job).catch(async (error: unknown) => {
      if (!(error instanceof TemporalFailure)) throw error;
      await this.onFailure(error);
    });
    // The chain goes on after a failure; a bug's rejection stays unhandled on `done` and fails the task.
    this.tail = done.then(
      () => undefined,
      () => undefined,
    );
    void done.finally(() => {
      this.pending -= 1;
    });
  }

  get idle(): boolean {
    return this.pending === 0;
  }
}
