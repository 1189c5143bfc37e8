import type { Random } from '../src/algorithms/prng';
import type { ChaosCatalog } from './chaos-catalog';
import { FINAL, type OrderDriver, type OrderView } from './chaos-driver';

type Line = { sku: string; quantity: number };
type Scenario = (order: OrderDriver, lines: Line[], rng: Random) => Promise<void>;

/** Places an order and waits until it ships (or ends); undefined when it did not ship. */
async function placeAndShip(order: OrderDriver, lines: Line[], token = 'tok_visa', early = false) {
  if (!(await order.place(token, lines))) return undefined;
  // No parcel has moved yet, so confirming receipt now must be refused.
  if (early) await order.receiptTooEarly();
  const view = await order.waitFor(['shipped']);
  if (view?.status !== 'shipped') {
    await order.poke(view);
    return undefined;
  }
  await order.mischief(view);
  return view;
}

async function happy(order: OrderDriver, lines: Line[], rng: Random, token = 'tok_visa') {
  const shipped = await placeAndShip(order, lines, token, rng.next() < 0.35);
  if (shipped) await order.deliverAndConfirm(shipped);
}

/** Waits for review, then decides (or lets the review time out, which rejects). */
function reviewed(decision: 'approve' | 'reject' | 'timeout'): Scenario {
  return async (order, lines) => {
    if (!(await order.place('tok_riskLevelElevated', lines))) return;
    const inReview = await order.waitFor(['in_review']);
    if (inReview?.status !== 'in_review') return;
    if (decision === 'timeout') {
      await order.poke(await order.waitFor(['rejected']));
      return;
    }
    await order.reviewDecision(decision);
    const next = await order.waitFor(['shipped']);
    if (next?.status === 'shipped') await order.deliverAndConfirm(next);
    else await order.poke(next);
  };
}

/** Completes the order, then acts inside its return window. */
function afterCompletion(act: (order: OrderDriver, done: OrderView) => Promise<unknown>): Scenario {
  return async (order, lines) => {
    const shipped = await placeAndShip(order, lines);
    if (!shipped) return;
    const done = await order.deliverAndConfirm(shipped);
    if (done?.status === 'completed') await act(order, done);
  };
}

/** Each scenario with its weight: mostly happy checkouts, with every saga path and a few hostile turns. */
export const SCENARIOS: Record<string, { weight: number; run: Scenario }> = {
  happy: { weight: 26, run: (order, lines, rng) => happy(order, lines, rng) },
  flaky: { weight: 6, run: (order, lines, rng) => happy(order, lines, rng, 'tok_flaky') },
  declined: {
    weight: 7,
    run: async (order, lines) => {
      if (await order.place('tok_chargeDeclined', lines)) await order.poke(await order.waitFor(FINAL));
    },
  },
  'review-approve': { weight: 6, run: reviewed('approve') },
  'review-reject': { weight: 3, run: reviewed('reject') },
  'review-timeout': { weight: 2, run: reviewed('timeout') },
  'hot-sku': {
    weight: 10,
    run: (order, _lines, rng) => happy(order, [{ sku: 'CHAOS-HOT', quantity: rng.int(1, 2) }], rng),
  },
  'cancel-early': {
    weight: 5,
    run: async (order, lines) => {
      if (!(await order.place('tok_visa', lines))) return;
      await order.cancel();
      await order.poke(await order.waitFor(FINAL));
    },
  },
  'cancel-before-dispatch': {
    weight: 5,
    run: async (order, lines) => {
      if (!(await placeAndShip(order, lines))) return;
      await order.cancel();
      await order.poke(await order.waitFor(['cancelled']));
    },
  },
  'refund-before-capture': {
    weight: 3,
    run: async (order, lines) => {
      if (!(await placeAndShip(order, lines))) return;
      // Authorized, nothing captured: a refund is refused (409), and a cancel voids instead.
      await order.refund(undefined, 'hostile');
      await order.cancel();
      await order.poke(await order.waitFor(['cancelled']));
    },
  },
  'partial-refunds-in-flight': {
    weight: 7,
    run: async (order, lines) => {
      const shipped = await placeAndShip(order, lines);
      if (!shipped) return;
      // Two partial refunds at once, while the goods travel (captured): they must add up, never exceed.
      await order.moveParcels(shipped, 'outbound', 'in_transit');
      await order.waitFor([], (view) => view.amounts.capturedMinor === view.amounts.totalMinor);
      const part = Math.max(1, Math.floor(shipped.amounts.totalMinor / 3));
      await Promise.all([order.refund(part), order.refund(part)]);
      await order.deliverAndConfirm(shipped);
    },
  },
  wallet: {
    weight: 4,
    run: async (order, lines) => {
      if (!(await order.place({ method: 'wallet' }, lines))) return;
      const waiting = await order.waitFor(['awaiting_payment']);
      if (waiting?.status !== 'awaiting_payment') return order.poke(waiting);
      await order.completePayment();
      const shipped = await order.waitFor(['shipped']);
      if (shipped?.status === 'shipped') await order.deliverAndConfirm(shipped);
      else await order.poke(shipped);
    },
  },
  'bank-transfer-never-arrives': {
    weight: 2,
    run: async (order, lines) => {
      if (await order.place({ method: 'bank_transfer' }, lines)) await order.poke(await order.waitFor(FINAL));
    },
  },
  'return-after-dispatch': {
    weight: 5,
    run: async (order, lines) => {
      const shipped = await placeAndShip(order, lines);
      if (!shipped) return;
      await order.moveParcels(shipped, 'outbound', 'in_transit');
      await order.returnGoods();
    },
  },
  'return-after-completion': { weight: 4, run: afterCompletion((order) => order.returnGoods()) },
  'refund-after-completion': {
    weight: 5,
    run: afterCompletion((order, done) => order.refund(Math.max(1, Math.floor(done.amounts.totalMinor / 4)))),
  },
  'parcel-never-moves': {
    weight: 2,
    run: async (order, lines) => {
      if (await placeAndShip(order, lines)) order.leftWaiting = true;
    },
  },
};

/** Picks a scenario by weight. */
export function pickScenario(rng: Random): string {
  const entries = Object.entries(SCENARIOS);
  let roll = rng.next() * entries.reduce((sum, [, s]) => sum + s.weight, 0);
  for (const [name, scenario] of entries) {
    roll -= scenario.weight;
    if (roll < 0) return name;
  }
  return entries[0]![0];
}

/** One to three lines of the regular SKUs, one to three units each. */
export function pickLines(rng: Random, catalog: ChaosCatalog): Line[] {
  const left = [...catalog.regular];
  const count = rng.int(1, left.length);
  return Array.from({ length: count }, () => ({
    sku: left.splice(rng.int(0, left.length - 1), 1)[0]!,
    quantity: rng.int(1, 3),
  }));
}
