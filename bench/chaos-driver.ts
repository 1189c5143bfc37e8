import type { Random } from '../src/algorithms/prng';
import type { ChaosCatalog } from './chaos-catalog';
import type { ChaosHttp, ChaosResponse } from './chaos-http';

/** Statuses from which an order never moves again. */
export const FINAL = ['completed', 'cancelled', 'rejected', 'failed'];
/** Final statuses of orders that ended without goods kept. */
const ENDED = ['cancelled', 'rejected', 'failed'];

/** An order as `GET /v1/orders/:id` shows it, as far as the driver reads it. */
export interface OrderView {
  orderId: string;
  status: string;
  amounts: { totalMinor: number; capturedMinor: number; refundedMinor: number };
  shipments: { kind: string; trackingNumber: string; status: string }[];
  timeline: { step: string; outcome: string; status: string }[];
}

/** What every order's driver shares: the client, the catalog, the random source and the run's orders. */
export interface DriverContext {
  http: ChaosHttp;
  catalog: ChaosCatalog;
  rng: Random;
  /** Every order placed so far, for hostile requests that borrow another order's ids. */
  placed: string[];
  /** How long the driver waits for an order to reach a status before it moves on. */
  waitTimeoutMs: number;
  /** Completes a pending payment at the provider; the notification the provider then owes, or null. */
  settlePayment: (reference: string) => Promise<object | null>;
}

/** How carrier webhooks arrive: each twice, out of order, or all at once. */
type Delivery = 'twice' | 'out-of-order' | 'concurrent';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drives one order through the API, noting what it could not do (a wait that timed out, say). */
export class OrderDriver {
  orderId = '';
  /** Set when the order is left waiting on purpose (a parcel that never moves). */
  leftWaiting = false;
  readonly notes: string[] = [];
  private refunds = 0;

  constructor(
    private readonly ctx: DriverContext,
    private readonly customerId: string,
  ) {}

  private get http() {
    return this.ctx.http;
  }

  private chance(p: number): boolean {
    return this.ctx.rng.next() < p;
  }

  /** Places an order (a card token, or another payment method); resolves false when the API refused it. */
  async place(
    payment: string | { method: 'wallet' | 'bank_transfer' },
    lines: { sku: string; quantity: number }[],
  ): Promise<boolean> {
    const response = await this.http.send('POST', '/v1/orders', {
      customerId: this.customerId,
      currency: 'USD',
      lines,
      shippingAddress: {
        name: 'Chaos Customer',
        line1: '1 Main St',
        city: 'New York',
        region: 'NY',
        postalCode: '10001',
        country: 'US',
        lat: 40.7128,
        lon: -74.006,
      },
      payment: typeof payment === 'string' ? { method: 'card', token: payment } : payment,
    });
    if (response.status !== 202) {
      this.notes.push(`order refused: ${response.status}`);
      return false;
    }
    this.orderId = response.body.orderId;
    this.ctx.placed.push(this.orderId);
    return true;
  }

  async view(): Promise<OrderView | undefined> {
    const response = await this.http.send('GET', `/v1/orders/${this.orderId}`);
    return response.status === 200 ? (response.body as OrderView) : undefined;
  }

  /** Polls until the order reaches one of `statuses` (or any final status); undefined when time runs out. */
  async waitFor(statuses: string[], until?: (view: OrderView) => boolean): Promise<OrderView | undefined> {
    const deadline = Date.now() + this.ctx.waitTimeoutMs;
    let last: OrderView | undefined;
    while (Date.now() < deadline) {
      last = await this.view();
      if (last && (until ? until(last) : statuses.includes(last.status) || FINAL.includes(last.status)))
        return last;
      await sleep(300 + this.ctx.rng.int(0, 200));
    }
    this.notes.push(`gave up waiting for ${statuses.join('|')} (last ${last?.status ?? 'unknown'})`);
    return undefined;
  }

  /** Sends carrier webhooks for this order's parcels of `kind`, each twice and sometimes out of order. */
  async moveParcels(view: OrderView, kind: 'outbound' | 'return', until: 'in_transit' | 'delivered') {
    const parcels = view.shipments.filter((s) => s.kind === kind && s.status !== 'cancelled');
    const styles: Delivery[] = ['twice', 'out-of-order', 'concurrent'];
    await Promise.all(
      parcels.map(async ({ trackingNumber }) => {
        const event = (status: string) =>
          this.http.send('POST', '/v1/webhooks/carrier', { trackingNumber, status });
        if (until === 'in_transit') {
          await event('in_transit');
          await event('in_transit');
          return;
        }
        const style = styles[this.ctx.rng.int(0, styles.length - 1)]!;
        if (style === 'twice') {
          for (const status of ['in_transit', 'in_transit', 'delivered', 'delivered']) await event(status);
        } else if (style === 'out-of-order') {
          for (const status of ['delivered', 'in_transit', 'delivered']) await event(status);
        } else {
          await Promise.all([event('in_transit'), event('delivered'), event('delivered')]);
        }
      }),
    );
  }

  /**
   * The customer completes an asynchronous payment; the provider's notification arrives twice, and a stale
   * "failed" for the same payment after it (each must change nothing).
   */
  async completePayment(): Promise<void> {
    const payment = await this.http.send('GET', `/v1/orders/${this.orderId}/payment`);
    const reference: string | undefined = payment.body?.attempts?.at(-1)?.reference;
    const event = reference ? await this.ctx.settlePayment(reference) : null;
    if (!event) {
      this.notes.push('no pending payment to complete');
      return;
    }
    for (const body of [event, event, { ...event, eventId: `${reference}-stale`, type: 'payment.failed' }])
      await this.http.send('POST', '/v1/webhooks/payments', body);
  }

  /** After shipping: parcels delivered, then receipt confirmed (or left to automatic confirmation). */
  async deliverAndConfirm(view: OrderView): Promise<OrderView | undefined> {
    await this.moveParcels(view, 'outbound', 'delivered');
    const delivered = await this.waitFor(['delivered', 'completed']);
    if (delivered?.status === 'delivered' && this.chance(0.7))
      await this.http.send('POST', `/v1/orders/${this.orderId}/receipt`);
    return this.waitFor(['completed']);
  }

  /** A refund request with an id of this order's own. */
  refund(amountMinor?: number, expect?: 'hostile'): Promise<ChaosResponse> {
    const refundId = `rf-${this.orderId.slice(0, 8)}-${++this.refunds}`;
    return this.http.send(
      'POST',
      `/v1/orders/${this.orderId}/refunds`,
      { refundId, ...(amountMinor === undefined ? {} : { amountMinor }), reason: 'chaos' },
      expect ? { expect, what: 'refund before anything was captured' } : undefined,
    );
  }

  /** A support decision for an order in review. */
  reviewDecision(decision: 'approve' | 'reject'): Promise<ChaosResponse> {
    return this.http.send('POST', `/v1/orders/${this.orderId}/review`, { decision });
  }

  cancel(): Promise<ChaosResponse> {
    return this.http.send('POST', `/v1/orders/${this.orderId}/cancel`, { reason: 'chaos' });
  }

  /** Cancels after dispatch (or completion): a return; delivers the return parcels once labelled. */
  async returnGoods(): Promise<OrderView | undefined> {
    const cancelled = await this.cancel();
    if (cancelled.status !== 202) return this.waitFor(FINAL);
    const labelled = await this.waitFor(
      [],
      (view) => view.shipments.some((s) => s.kind === 'return') || ENDED.includes(view.status),
    );
    // The carrier reports the parcels it sees labelled at once, before the run may know them.
    const moved = new Set<string>();
    if (labelled?.shipments.some((s) => s.kind === 'return')) {
      await this.moveParcels(labelled, 'return', 'delivered');
      for (const s of labelled.shipments) if (s.kind === 'return') moved.add(s.trackingNumber);
    }
    // Labels are created one by one: once the run has started the return it knows them all, and any the
    // first look missed are moved too.
    const started = await this.waitFor(
      [],
      (view) =>
        ENDED.includes(view.status) ||
        view.timeline.some((e) => e.step === 'return' && e.outcome !== 'received'),
    );
    const missed =
      started?.shipments.filter((s) => s.kind === 'return' && !moved.has(s.trackingNumber)) ?? [];
    if (started && missed.length > 0)
      await this.moveParcels({ ...started, shipments: missed }, 'return', 'delivered');
    // A return that timed out shows on the timeline; nothing more will happen to the order then.
    return this.waitFor(
      [],
      (view) =>
        ENDED.includes(view.status) ||
        view.amounts.refundedMinor === view.amounts.totalMinor ||
        view.timeline.some((entry) => entry.step === 'return' && entry.outcome === 'failed'),
    );
  }

  // Hostile requests: each must be refused with a 4xx, whatever state the order is in.

  /** Confirms receipt before any parcel has moved. */
  receiptTooEarly() {
    return this.http.send('POST', `/v1/orders/${this.orderId}/receipt`, undefined, {
      expect: 'hostile',
      what: 'receipt before shipping',
    });
  }

  /** Asks for a refund above the order's total (never refundable). */
  refundTooMuch(totalMinor: number) {
    return this.http.send(
      'POST',
      `/v1/orders/${this.orderId}/refunds`,
      { refundId: `rf-${this.orderId.slice(0, 8)}-big`, amountMinor: totalMinor + 1 },
      { expect: 'hostile', what: 'refund above the captured amount' },
    );
  }

  /** Names another order's refunds: its saga refund id in a request, and its refund ids in a read. */
  async borrowRefundId() {
    const others = this.ctx.placed.filter((id) => id !== this.orderId);
    if (others.length === 0) return;
    const other = others[this.ctx.rng.int(0, others.length - 1)]!;
    await this.http.send(
      'POST',
      `/v1/orders/${this.orderId}/refunds`,
      { refundId: `${other}:compensation`, amountMinor: 1 },
      { expect: 'hostile', what: "refund under another order's refund id" },
    );
    await this.http.send('GET', `/v1/orders/${this.orderId}/refunds/rf-${other.slice(0, 8)}-1`, undefined, {
      expect: 'hostile',
      what: "read of another order's refund",
    });
  }

  /** A review decision for an order that is not in review. */
  reviewOutOfTurn() {
    return this.http.send(
      'POST',
      `/v1/orders/${this.orderId}/review`,
      { decision: 'approve' },
      { expect: 'hostile', what: 'review of an order not in review' },
    );
  }

  /**
   * Cancel and refund requests for an order that has ended. A cancelled order is not asked to cancel again:
   * repeating a cancellation that was taken is answered as success, by design.
   */
  async poke(view: OrderView | undefined) {
    if (!view || !ENDED.includes(view.status)) return;
    if (view.status !== 'cancelled') {
      await this.http.send(
        'POST',
        `/v1/orders/${this.orderId}/cancel`,
        {},
        { expect: 'hostile', what: `cancel of a ${view.status} order` },
      );
    }
    await this.http.send(
      'POST',
      `/v1/orders/${this.orderId}/refunds`,
      { amountMinor: 1 },
      {
        expect: 'hostile',
        what: `refund of a ${view.status} order`,
      },
    );
  }

  /** Throws in a hostile request now and then, at a point where it must be refused. */
  async mischief(view: OrderView) {
    if (this.chance(0.3)) await this.refundTooMuch(view.amounts.totalMinor);
    if (this.chance(0.15)) await this.borrowRefundId();
    if (this.chance(0.1)) await this.reviewOutOfTurn();
  }
}

/** Hostile requests that need no order: a bad body, a webhook for a parcel nobody shipped. */
export async function strangerRequests(http: ChaosHttp, rng: Random): Promise<void> {
  await http.send(
    'POST',
    '/v1/orders',
    { customerId: 'chaos-0001', currency: 'USD', lines: [{ sku: 'CHAOS-TEE', quantity: 0 }] },
    { expect: 'hostile', what: 'order with a zero quantity' },
  );
  await http.send(
    'POST',
    '/v1/webhooks/carrier',
    { trackingNumber: `NOPE${rng.int(100_000, 999_999)}`, status: 'delivered' },
    { expect: 'hostile', what: 'webhook for an unknown parcel' },
  );
}
