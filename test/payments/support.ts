import { createAuditor } from '../../src/audit';
import { settleSandboxPayment } from '../../src/payments/sandbox-payment-events';
import type { Harness } from '../support/harness';
import { api, eventually, orderWithStatus } from '../support/http';

/** The order's payment as the API shows it (an admin's view unless `headers` name another caller). */
export const paymentOf = async (h: Harness, orderId: string, headers: Record<string, string> = {}) =>
  (await api(h, 'GET', `/v1/orders/${orderId}/payment`, undefined, headers)).body;

/** Waits until the order awaits payment with an action of `type`, and returns the payment view. */
export async function awaitingAction(h: Harness, orderId: string, type: string) {
  await orderWithStatus(h, orderId, 'awaiting_payment');
  return eventually(
    () => paymentOf(h, orderId),
    (view) => view.requiredAction?.type === type,
  );
}

/** The latest attempt's provider reference. */
export const latestReference = (view: { attempts: { reference: string | null }[] }) =>
  view.attempts.at(-1)!.reference!;

/**
 * The customer completes (or abandons) the payment on the provider's side; returns the notification the
 * provider then owes the shop, for the test to deliver (or not).
 */
export async function settleAtProvider(h: Harness, reference: string, outcome: 'authorized' | 'failed') {
  const event = await settleSandboxPayment(h.db, reference, outcome);
  if (!event) throw new Error(`payment ${reference} was not pending at the provider`);
  return event;
}

/** Delivers a provider notification to the payments webhook, signed by the sandbox provider. */
export const notify = (h: Harness, event: object) => api(h, 'POST', '/v1/webhooks/payments', event);

/** Audits the orders a test file placed (stock, money, states, history): every invariant must hold. */
export async function expectAuditorGreen(h: Harness, orderIds: string[], skus: string[]) {
  const report = await createAuditor({ db: h.db, temporal: h.client }).audit({ orderIds, skus });
  expect(report.invariants.map((invariant) => [invariant.name, invariant.violations])).toEqual([
    ['stock', []],
    ['money', []],
    ['pricing', []],
    ['states', []],
    ['history', []],
  ]);
}
