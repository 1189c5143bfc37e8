import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb } from '../../src/db/knex';
import { PaymentDeclinedError, PaymentProviderUnavailableError } from '../../src/payments/payment-provider';
import { SandboxPaymentProvider } from '../../src/payments/sandbox-payment-provider';
import { settleSandboxPayment } from '../../src/payments/sandbox-payment-events';
import type { SandboxFaults } from '../../src/sandbox/fault-injector';
import { testEnv } from '../support/test-env';

let db: Knex;
beforeAll(() => {
  db = createDb(testEnv('databaseUrl'));
});
afterAll(() => db.destroy());

const card = { method: 'card' as const, card: { token: 'tok_visa' } };
const authorize = (provider: SandboxPaymentProvider, key: string, amountMinor = 5000) =>
  provider.authorize({ idempotencyKey: key, instrument: card, amountMinor, currency: 'USD' });
const operationsOf = (key: string) => db('sandbox_payment_operations').where({ idempotency_key: key });

describe('sandbox authorizations, captures and voids', () => {
  test('when a capture reply is lost and the capture is retried under the same key, then the money is captured once', async () => {
    const faults: SandboxFaults = { failureRate: 0, lostReplyRate: 0 };
    const provider = new SandboxPaymentProvider(db, { faults });
    const order = randomUUID();
    const held = await authorize(provider, `${order}:auth:1`);
    expect(held).toMatchObject({ status: 'authorized', reference: expect.stringMatching(/^auth_/) });
    const request = {
      idempotencyKey: `${order}:capture:${order}:wh-reno`,
      authorizationReference: held.reference,
      amountMinor: 3000,
      currency: 'USD',
    };
    faults.lostReplyRate = 1;
    await expect(provider.capture(request)).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    faults.lostReplyRate = 0;
    const retried = await provider.capture(request);
    const operations = await operationsOf(request.idempotencyKey);
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ kind: 'capture', reference: retried.reference });
    expect(Number(operations[0].amount_minor)).toBe(3000);
  });

  test('when captures would exceed the authorization, or follow a void, then the provider refuses them', async () => {
    const provider = new SandboxPaymentProvider(db);
    const order = randomUUID();
    const held = await authorize(provider, `${order}:auth:1`);
    const capture = (shipment: string, amountMinor: number) =>
      provider.capture({
        idempotencyKey: `${order}:capture:${shipment}`,
        authorizationReference: held.reference,
        amountMinor,
        currency: 'USD',
      });
    await capture('a', 3000);
    await expect(capture('b', 2001)).rejects.toBeInstanceOf(PaymentDeclinedError);
    // The void releases what was not captured, once; a repeat answers the same.
    const voided = await provider.void({
      idempotencyKey: `${order}:void:1`,
      authorizationReference: held.reference,
    });
    expect(voided.releasedMinor).toBe(2000);
    expect(
      (await provider.void({ idempotencyKey: `${order}:void:1`, authorizationReference: held.reference }))
        .releasedMinor,
    ).toBe(2000);
    await expect(capture('c', 1)).rejects.toThrow('authorization is voided');
    expect(await provider.authorizationStatus(held.reference)).toEqual({ status: 'voided' });
  });

  test('when an authorization expires, then it cannot be captured, and only a renewal before expiry holds the money again', async () => {
    const provider = new SandboxPaymentProvider(db, { authorizationTtlMs: 300 });
    const order = randomUUID();
    const held = await authorize(provider, `${order}:auth:1`);
    const renewed = await provider.reauthorize({
      idempotencyKey: `${order}:auth:2`,
      authorizationReference: held.reference,
      amountMinor: 5000,
      currency: 'USD',
    });
    expect(renewed.status).toBe('authorized');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await provider.authorizationStatus(held.reference)).toEqual({ status: 'expired' });
    await expect(
      provider.capture({
        idempotencyKey: `${order}:capture:x`,
        authorizationReference: renewed.reference,
        amountMinor: 1,
        currency: 'USD',
      }),
    ).rejects.toThrow('authorization expired');
    const late = await provider.reauthorize({
      idempotencyKey: `${order}:auth:3`,
      authorizationReference: renewed.reference,
      amountMinor: 5000,
      currency: 'USD',
    });
    expect(late).toMatchObject({ status: 'declined', reason: 'the authorization to renew no longer holds' });
  });

  test('when a wallet payment is voided while it waits for the customer, then completing it later changes nothing', async () => {
    const provider = new SandboxPaymentProvider(db);
    const order = randomUUID();
    const pending = await provider.authorize({
      idempotencyKey: `${order}:auth:1`,
      instrument: { method: 'wallet' },
      amountMinor: 5075,
      currency: 'USD',
    });
    expect(pending).toMatchObject({ status: 'action_required', action: { type: 'redirect' } });
    expect(await provider.authorizationStatus(pending.reference)).toEqual({ status: 'pending' });
    await provider.void({ idempotencyKey: `${order}:void:1`, authorizationReference: pending.reference });
    expect(await settleSandboxPayment(db, pending.reference, 'authorized')).toBeNull();
    expect(await provider.authorizationStatus(pending.reference)).toEqual({ status: 'voided' });
  });
});
