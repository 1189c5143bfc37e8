// Refund application paths (patched 'refund-applications') whose histories `npm run replay:record` records.
import { createTestSku } from '../test/support/fixtures';
import type { Harness } from '../test/support/harness';
import {
  api,
  carrierEvent,
  deliverParcels,
  eventually,
  orderWithStatus,
  placeOrder,
} from '../test/support/http';
import type { ReplayScenario } from './replay-scenarios';

// Long enough for a script to send a return back; the run stays open past it while applications settle.
const TIMEOUTS = { autoConfirmAfterMs: 2_000, returnWindowMs: 10_000, refundDecisionSlaMs: 60_000 };

/** A delivered order of one new SKU at the given unit price. */
async function delivered(h: Harness, priceMinor: number, quantity = 1) {
  const sku = await createTestSku(h.db, { 'wh-newark': 3 }, priceMinor);
  const orderId = await placeOrder(h, { lines: [{ sku, quantity }] });
  await deliverParcels(h, await orderWithStatus(h, orderId, 'shipped'));
  return { orderId, sku };
}

const path = (orderId: string) => `/v1/orders/${orderId}/refund-applications`;

interface Application {
  status: string;
  returnParcels: { trackingNumber: string }[];
}

/** Reads an application until `done` accepts it. */
const applicationWhen = (h: Harness, orderId: string, id: string, done: (a: Application) => boolean) =>
  eventually(async () => (await api(h, 'GET', `${path(orderId)}/${id}`)).body, done);

/** Waits for the application's return labels and delivers each parcel back. */
async function sendBack(h: Harness, orderId: string, id: string) {
  const awaiting = await applicationWhen(h, orderId, id, (a) => a.status === 'awaiting_return');
  for (const parcel of awaiting.returnParcels) await carrierEvent(h, parcel.trackingNumber, 'delivered');
  await applicationWhen(h, orderId, id, (a) => a.status === 'refunded');
}

const decide = async (h: Harness, orderId: string, id: string, decision: 'approve' | 'reject') =>
  api(h, 'POST', `${path(orderId)}/${id}/decision`, { decision }, await h.credentials.as('support', 'sam'));

export const REFUND_SCENARIOS: Record<string, ReplayScenario> = {
  'refund-auto-approved-return': {
    timeouts: TIMEOUTS,
    async run(h) {
      const { orderId, sku } = await delivered(h, 2000, 2);
      await api(h, 'POST', path(orderId), {
        applicationId: 'a1',
        lines: [{ sku, quantity: 1 }],
        reason: 'damaged',
      });
      await sendBack(h, orderId, 'a1');
      return orderId;
    },
  },
  'refund-approved-by-support': {
    timeouts: TIMEOUTS,
    async run(h) {
      const { orderId, sku } = await delivered(h, 6000);
      await api(h, 'POST', path(orderId), {
        applicationId: 'a1',
        lines: [{ sku, quantity: 1 }],
        reason: 'wrong_item',
      });
      await applicationWhen(h, orderId, 'a1', (a) => a.status === 'submitted');
      await decide(h, orderId, 'a1', 'approve');
      await sendBack(h, orderId, 'a1');
      return orderId;
    },
  },
  'refund-escalated-then-rejected': {
    timeouts: { ...TIMEOUTS, refundDecisionSlaMs: 1_000 },
    async run(h) {
      const { orderId } = await delivered(h, 2000);
      await api(h, 'POST', path(orderId), { applicationId: 'a1', amountMinor: 500, reason: 'late' });
      await applicationWhen(h, orderId, 'a1', (a) => a.status === 'escalated');
      await decide(h, orderId, 'a1', 'reject');
      return orderId;
    },
  },
  'refund-kept-goods-and-concurrent': {
    timeouts: TIMEOUTS,
    async run(h) {
      const { orderId, sku } = await delivered(h, 2000, 2);
      // Two at once for more than is refundable: the later one is refused; the kept line is approved.
      await Promise.all([
        api(h, 'POST', path(orderId), {
          applicationId: 'keep',
          lines: [{ sku, quantity: 1 }],
          keepItems: true,
          reason: 'damaged',
        }),
        api(h, 'POST', path(orderId), { applicationId: 'more', amountMinor: 3000, reason: 'other' }),
      ]);
      const submitted = await eventually(
        async () =>
          (await api(h, 'GET', path(orderId))).body.applications as {
            applicationId: string;
            status: string;
          }[],
        (list) => list.length === 2 && list.some((a) => a.status === 'rejected'),
      );
      const waiting = submitted.find((a) => a.status === 'submitted')!;
      await decide(h, orderId, waiting.applicationId, 'approve');
      await applicationWhen(h, orderId, waiting.applicationId, (a) => a.status === 'refunded');
      return orderId;
    },
  },
};
