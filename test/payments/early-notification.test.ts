import type { Knex } from 'knex';
import type { AuthorizeRequest } from '../../src/payments/payment-provider';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment-provider';
import { settleSandboxPayment } from '../../src/payments/sandbox-payment-events';
import { createTestSku, paymentLedger } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, orderWithStatus, placeOrder } from '../support/http';

/**
 * The real sandbox provider, whose notification overtakes its reply: when a wallet payment is created, the
 * customer completes it at once and the provider's webhook is delivered (and accepted) before the
 * authorization's answer reaches the workflow, as happens with real providers under load.
 */
class OvertakingProvider extends SandboxPaymentProvider {
  constructor(
    private readonly ledger: Knex,
    private readonly deliver: (event: object) => Promise<number>,
  ) {
    super(ledger);
  }

  override async authorize(request: AuthorizeRequest) {
    const outcome = await super.authorize(request);
    if (outcome.status === 'action_required' && request.instrument.method === 'wallet') {
      const event = await settleSandboxPayment(this.ledger, outcome.reference, 'authorized');
      if (event) accepted.push(await this.deliver(event));
    }
    return outcome;
  }
}

const accepted: number[] = [];
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    paymentProvider: (db) =>
      new OvertakingProvider(
        db,
        async (event) => (await api(h, 'POST', '/v1/webhooks/payments', event)).status,
      ),
  });
});
afterAll(() => h.stop());

test('when the payment result arrives before the workflow waits for it, then it is kept and the order is paid', async () => {
  const sku = await createTestSku(h.db, { 'wh-newark': 2 });
  const orderId = await placeOrder(h, { lines: [{ sku, quantity: 1 }], payment: { method: 'wallet' } });
  const shipped = await orderWithStatus(h, orderId, 'shipped');
  // The webhook was accepted while the authorization's reply was still on its way.
  expect(accepted).toEqual([202]);
  expect(await paymentLedger(h.db, orderId)).toMatchObject({ attempts: ['wallet:authorized'] });
  expect(shipped.timeline.map((e: { step: string; outcome: string }) => `${e.step} ${e.outcome}`)).toEqual(
    expect.arrayContaining(['payment waiting', 'payment completed']),
  );
});
