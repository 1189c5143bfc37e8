import type { Knex } from 'knex';

/**
 * Often enough that noticing a status adds little to a lane's cycle: the ceiling's lanes learn of a finished
 * workflow at once (a long poll), and a 100 ms poll added 50 ms on average to every checkout lane's cycle.
 */
const POLL_MS = 20;

/**
 * Waits for orders to reach a status by reading the orders table (the workflow's projection) in one
 * query per poll for all watched orders, so that measuring adds no load on the API.
 */
export class OrderWatcher {
  private readonly waiting = new Map<string, { statuses: string[]; resolve: (status: string) => void }>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly db: Knex) {}

  start(): this {
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Resolves with the status once the order has one of `statuses`. */
  until(orderId: string, statuses: string[]): Promise<string> {
    return new Promise((resolve) => this.waiting.set(orderId, { statuses, resolve }));
  }

  private async poll(): Promise<void> {
    if (this.polling || this.waiting.size === 0) return;
    this.polling = true;
    try {
      const rows: { id: string; status: string }[] = await this.db('orders')
        .whereIn('id', [...this.waiting.keys()])
        .select('id', 'status');
      for (const { id, status } of rows) {
        const waiter = this.waiting.get(id);
        if (waiter?.statuses.includes(status)) {
          this.waiting.delete(id);
          waiter.resolve(status);
        }
      }
    } finally {
      this.polling = false;
    }
  }
}
