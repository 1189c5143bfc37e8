import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb } from '../../src/db/knex';
import { PaymentProviderUnavailableError } from '../../src/payments/payment-provider';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment-provider';
import type { SandboxFaults } from '../../src/sandbox/fault-injector';
import { CarrierUnavailableError, SandboxCarrier } from '../../src/shipping/sandbox-carrier';
import { testEnv } from '../support/test-env';

let db: Knex;
beforeAll(() => {
  db = createDb(testEnv('databaseUrl'));
});
afterAll(() => db.destroy());

/** The provider's ledger rows and the fault log entries under one idempotency key. */
async function ledgerOf(key: string) {
  const operations = await db('sandbox_payment_operations').where({ idempotency_key: key });
  const faults = await db('sandbox_faults').where({ idempotency_key: key }).orderBy('id').pluck('kind');
  return { operations, faults };
}

const charge = (key: string, token = 'tok_visa') => ({
  idempotencyKey: key,
  card: { token },
  amountMinor: 4200,
  currency: 'USD',
});

describe('sandbox fault injection', () => {
  test('when the first charge reply is lost and the charge is retried with the same key, then the card is charged once', async () => {
    const faults: SandboxFaults = { failureRate: 0, lostReplyRate: 1 };
    const provider = new SandboxPaymentProvider(db, { faults });
    const key = `${randomUUID()}:charge`;

    const first = await provider.charge(charge(key)).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(PaymentProviderUnavailableError);
    // The work was done and committed before the reply was lost.
    expect((await ledgerOf(key)).operations).toMatchObject([{ kind: 'charge', status: 'succeeded' }]);

    faults.lostReplyRate = 0;
    const retried = await provider.charge(charge(key));
    const again = await provider.charge(charge(key));

    const { operations, faults: logged } = await ledgerOf(key);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ status: 'succeeded', amount_minor: 4200, attempts: 1 });
    expect(retried.reference).toBe(operations[0].reference);
    expect(again.reference).toBe(retried.reference);
    expect(logged).toEqual(['lost_reply']);
  });

  test('when a call fails before doing anything, then nothing is charged and the retry charges once', async () => {
    // The random source decides: 0.1 < 0.5 fails the first call, 0.9 lets the retry through.
    const draws = [0.1, 0.9];
    const provider = new SandboxPaymentProvider(db, {
      faults: { failureRate: 0.5, lostReplyRate: 0 },
      random: () => draws.shift() ?? 0.99,
    });
    const key = `${randomUUID()}:charge`;

    await expect(provider.charge(charge(key))).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    expect((await ledgerOf(key)).operations).toEqual([]);

    await provider.charge(charge(key));
    const { operations, faults } = await ledgerOf(key);
    expect(operations).toMatchObject([{ status: 'succeeded', amount_minor: 4200 }]);
    expect(faults).toEqual(['unavailable']);
  });

  test('when a declined charge loses its reply, then the retry is declined again and nothing is charged', async () => {
    const faults: SandboxFaults = { failureRate: 0, lostReplyRate: 1 };
    const provider = new SandboxPaymentProvider(db, { faults });
    const key = `${randomUUID()}:charge`;

    await expect(provider.charge(charge(key, 'tok_chargeDeclined'))).rejects.toBeInstanceOf(
      PaymentProviderUnavailableError,
    );
    faults.lostReplyRate = 0;
    await expect(provider.charge(charge(key, 'tok_chargeDeclined'))).rejects.toThrow('card declined');
    expect((await ledgerOf(key)).operations).toMatchObject([{ status: 'declined' }]);
  });

  test('when a refund reply is lost, then the retry returns the first refund and money is returned once', async () => {
    const faults: SandboxFaults = { failureRate: 0, lostReplyRate: 0 };
    const provider = new SandboxPaymentProvider(db, { faults });
    const orderId = randomUUID();
    const { reference } = await provider.charge(charge(`${orderId}:charge`));
    const refund = {
      idempotencyKey: `${orderId}:refund:r1`,
      chargeReference: reference,
      amountMinor: 4200,
      currency: 'USD',
    };

    faults.lostReplyRate = 1;
    await expect(provider.refund(refund)).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    faults.lostReplyRate = 0;
    const retried = await provider.refund(refund);

    const refunds = await db('sandbox_payment_operations').where({
      kind: 'refund',
      charge_reference: reference,
    });
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount_minor: 4200, reference: retried.reference });
  });

  test('when a label reply is lost, then the retry returns the same tracking number and one label exists', async () => {
    const faults: SandboxFaults = { failureRate: 0, lostReplyRate: 1 };
    const carrier = new SandboxCarrier(db, { faults });
    const request = {
      idempotencyKey: `${randomUUID()}:wh-reno`,
      direction: 'outbound' as const,
      warehouseId: 'wh-reno',
      customer: { name: 'Ada', line1: '1 Main St', city: 'Reno', postalCode: '89501', country: 'US' },
    };

    await expect(carrier.createLabel(request)).rejects.toBeInstanceOf(CarrierUnavailableError);
    faults.lostReplyRate = 0;
    const { trackingNumber } = await carrier.createLabel(request);

    const labels = await db('sandbox_carrier_labels').where({ idempotency_key: request.idempotencyKey });
    expect(labels).toMatchObject([{ tracking_number: trackingNumber, status: 'created' }]);

    faults.lostReplyRate = 1;
    await expect(carrier.cancelLabel(trackingNumber)).rejects.toBeInstanceOf(CarrierUnavailableError);
    faults.lostReplyRate = 0;
    expect(await carrier.cancelLabel(trackingNumber)).toBe(true);
    expect(
      await db('sandbox_carrier_labels').where({ tracking_number: trackingNumber }).first('status'),
    ).toEqual({ status: 'cancelled' });
  });

  test('when no fault rates are given, then the random source is never drawn and calls succeed', async () => {
    let draws = 0;
    const provider = new SandboxPaymentProvider(db, { random: () => (draws++, 0) });
    await provider.charge(charge(`${randomUUID()}:charge`));
    expect(draws).toBe(0);
  });
});
