import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { FaultInjector, SandboxOptions } from '../sandbox/fault-injector';
import { loggedFaultInjector } from '../sandbox/fault-log';
import type { CardReference } from '../domain/checkout';
import { tokenOfCard } from './sandbox-card-vault';
import {
  PaymentDeclinedError,
  PaymentProviderUnavailableError,
  type AuthorizationOutcome,
  type AuthorizationStatus,
  type AuthorizeRequest,
  type CaptureRequest,
  type ChargeRequest,
  type PaymentProvider,
  type ReauthorizeRequest,
  type RefundRequest,
  type TokenProfile,
  type VoidRequest,
} from './payment-provider';
import {
  DEFAULT_AUTHORIZATION_TTL_MS,
  REAUTH_DECLINED_TOKEN,
  SandboxAuthorizations,
  THREE_D_SECURE_TOKEN,
} from './sandbox-authorizations';

/**
 * Documented test tokens. Anything else is declined as an unknown card, like a real provider would.
 * - tok_visa: succeeds.
 * - tok_chargeDeclined: declined (non-retryable).
 * - tok_flaky: fails twice with a transient error per idempotency key, then succeeds.
 * - tok_riskLevelElevated / tok_riskLevelHighest: succeed, but the provider flags elevated or highest
 *   fraud risk, which sends the order to review or rejects it.
 * - tok_visa_gb: succeeds; a card issued in GB (a country mismatch for US addresses).
 * - tok_threeDSecure: the authorization needs 3-D Secure first (an action for the customer).
 * - tok_reauthDeclined: authorizes, but its re-authorization before expiry is declined.
 */
export const SANDBOX_TOKENS: Readonly<
  Record<string, TokenProfile & { behaviour: 'ok' | 'decline' | 'flaky' }>
> = {
  tok_visa: { cardCountry: 'US', riskLevel: 'normal', behaviour: 'ok' },
  tok_chargeDeclined: { cardCountry: 'US', riskLevel: 'normal', behaviour: 'decline' },
  tok_flaky: { cardCountry: 'US', riskLevel: 'normal', behaviour: 'flaky' },
  tok_riskLevelElevated: { cardCountry: 'US', riskLevel: 'elevated', behaviour: 'ok' },
  tok_riskLevelHighest: { cardCountry: 'US', riskLevel: 'highest', behaviour: 'ok' },
  tok_visa_gb: { cardCountry: 'GB', riskLevel: 'normal', behaviour: 'ok' },
  // Authorize-then-capture only: 3-D Secure required first; authorizes once, but a renewal is declined.
  [THREE_D_SECURE_TOKEN]: { cardCountry: 'US', riskLevel: 'normal', behaviour: 'ok' },
  [REAUTH_DECLINED_TOKEN]: { cardCountry: 'US', riskLevel: 'normal', behaviour: 'ok' },
};

/** How many transient failures tok_flaky produces before it succeeds. */
export const FLAKY_FAILURES = 2;

const reference = (prefix: string, key: string) =>
  `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/**
 * A sandbox provider that behaves like a real one: it keeps its own ledger (in PostgreSQL, so it
 * survives restarts) keyed by idempotency key, declines, fails transiently and refunds only what
 * was charged. With `options.faults` it also fails at random like a flaky provider: before a charge or
 * refund (nothing done), or after it (done and committed, reply lost); a retry under the same key then
 * finds the first result in the ledger.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox';
  private readonly faults: FaultInjector;
  /** Authorizations, captures and voids (authorize-then-capture). */
  readonly authorizations: SandboxAuthorizations;

  constructor(
    private readonly db: Knex,
    options: SandboxOptions & { authorizationTtlMs?: number } = {},
  ) {
    this.faults = loggedFaultInjector(
      db,
      this.name,
      (message) => new PaymentProviderUnavailableError(message),
      options,
    );
    this.authorizations = new SandboxAuthorizations(
      db,
      options.authorizationTtlMs ?? DEFAULT_AUTHORIZATION_TTL_MS,
      (token, attempts) => {
        const behaviour = SANDBOX_TOKENS[token ?? '']?.behaviour;
        if (behaviour === undefined || behaviour === 'decline') return 'decline';
        return behaviour === 'flaky' && attempts <= FLAKY_FAILURES ? 'failed' : 'ok';
      },
    );
  }

  authorize(request: AuthorizeRequest): Promise<AuthorizationOutcome> {
    return this.faults.call('authorize', request.idempotencyKey, () =>
      this.authorizations.authorize(request),
    );
  }

  reauthorize(request: ReauthorizeRequest): Promise<AuthorizationOutcome> {
    return this.faults.call('reauthorize', request.idempotencyKey, () =>
      this.authorizations.reauthorize(request),
    );
  }

  capture(request: CaptureRequest): Promise<{ reference: string }> {
    return this.faults.call('capture', request.idempotencyKey, () => this.authorizations.capture(request));
  }

  void(request: VoidRequest): Promise<{ reference: string; releasedMinor: number }> {
    return this.faults.call('void', request.idempotencyKey, () => this.authorizations.void(request));
  }

  authorizationStatus(reference: string): Promise<AuthorizationStatus> {
    return this.faults.call('status', reference, () => this.authorizations.status(reference));
  }

  async profileCard(card: CardReference): Promise<TokenProfile> {
    const known = SANDBOX_TOKENS[(await tokenOfCard(this.db, card)) ?? ''];
    return { cardCountry: known?.cardCountry ?? null, riskLevel: known?.riskLevel ?? 'normal' };
  }

  async charge(request: ChargeRequest): Promise<{ reference: string }> {
    // An injected lost reply may hide any outcome, a decline included: the retry reads it back.
    const token = await tokenOfCard(this.db, request.card);
    const outcome = await this.faults.call('charge', request.idempotencyKey, () =>
      this.chargeOnce(request, token ?? ''),
    );
    if (outcome.status === 'declined') {
      throw new PaymentDeclinedError(
        token === null
          ? 'card no longer on file'
          : SANDBOX_TOKENS[token]
            ? 'card declined'
            : 'unknown card token',
      );
    }
    if (outcome.status === 'failed')
      throw new PaymentProviderUnavailableError(`sandbox outage (attempt ${outcome.attempts})`);
    return { reference: outcome.reference };
  }

  /** One charge attempt. It is committed before any error is thrown, so the ledger remembers failures too. */
  private chargeOnce(
    request: ChargeRequest,
    token: string,
  ): Promise<{ status: string; attempts: number; reference: string }> {
    return this.db.transaction(async (trx) => {
      const previous = await trx('sandbox_payment_operations')
        .where({ idempotency_key: request.idempotencyKey })
        .forUpdate()
        .first();
      if (previous?.status === 'succeeded' || previous?.status === 'declined') return previous;
      const behaviour = SANDBOX_TOKENS[token]?.behaviour;
      const attempts = (previous?.attempts ?? 0) + 1;
      const status =
        behaviour === undefined || behaviour === 'decline'
          ? 'declined'
          : behaviour === 'flaky' && attempts <= FLAKY_FAILURES
            ? 'failed'
            : 'succeeded';
      const row = {
        idempotency_key: request.idempotencyKey,
        kind: 'charge',
        reference: reference('ch', request.idempotencyKey),
        status,
        amount_minor: request.amountMinor,
        currency: request.currency,
        attempts,
      };
      await trx('sandbox_payment_operations')
        .insert(row)
        .onConflict('idempotency_key')
        .merge(['status', 'attempts']);
      return row;
    });
  }

  async refund(request: RefundRequest): Promise<{ reference: string }> {
    return this.faults.call('refund', request.idempotencyKey, () => this.refundOnce(request));
  }

  /** One refund attempt: the first result under a key is kept, and a repeat returns it. */
  private refundOnce(request: RefundRequest): Promise<{ reference: string }> {
    return this.db.transaction(async (trx) => {
      const previous = await trx('sandbox_payment_operations')
        .where({ idempotency_key: request.idempotencyKey })
        .first();
      if (previous) return { reference: previous.reference };
      // A one-step charge, or one capture of an authorization.
      const charge = await trx('sandbox_payment_operations')
        .where({ reference: request.chargeReference, status: 'succeeded' })
        .whereIn('kind', ['charge', 'capture'])
        .forUpdate()
        .first();
      if (!charge) throw new PaymentDeclinedError(`no charge ${request.chargeReference} to refund`);
      // An overlapping attempt under the same key (a retry whose predecessor had not finished) may have
      // committed while we waited for the charge's lock: its result is ours, not a second refund.
      const raced = await trx('sandbox_payment_operations')
        .where({ idempotency_key: request.idempotencyKey })
        .first('reference');
      if (raced) return { reference: raced.reference };
      const refunded = await trx('sandbox_payment_operations')
        .where({ kind: 'refund', charge_reference: charge.reference })
        .sum({ total: 'amount_minor' })
        .first();
      if (Number(refunded?.total ?? 0) + request.amountMinor > charge.amount_minor) {
        throw new PaymentDeclinedError(`refund of ${request.amountMinor} exceeds what is left of the charge`);
      }
      const row = {
        idempotency_key: request.idempotencyKey,
        kind: 'refund',
        reference: reference('re', request.idempotencyKey),
        status: 'succeeded',
        amount_minor: request.amountMinor,
        currency: request.currency,
        charge_reference: charge.reference,
      };
      await trx('sandbox_payment_operations').insert(row);
      return { reference: row.reference };
    });
  }
}
