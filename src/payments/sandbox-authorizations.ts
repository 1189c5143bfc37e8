import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { tokenOfCard } from './sandbox-card-vault';
import {
  PaymentDeclinedError,
  PaymentProviderUnavailableError,
  type AuthorizationOutcome,
  type AuthorizationStatus,
  type AuthorizeRequest,
  type CaptureRequest,
  type ReauthorizeRequest,
  type RequiredAction,
  type VoidRequest,
} from './payment-provider';

/** How long the sandbox holds an authorization, as card networks commonly do (configurable for tests). */
export const DEFAULT_AUTHORIZATION_TTL_MS = 7 * 86_400_000;

/** The sandbox's account for bank transfers (a documented example IBAN, never a real account). */
export const SANDBOX_BANK_ACCOUNT = { accountName: 'Checkout Saga Shop', iban: 'DE89370400440532013000' };

export const sandboxReference = (prefix: string, key: string) =>
  `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/** Card tokens with a behaviour of their own in authorize-then-capture (the others: see SANDBOX_TOKENS). */
export const THREE_D_SECURE_TOKEN = 'tok_threeDSecure';
export const REAUTH_DECLINED_TOKEN = 'tok_reauthDeclined';

type Row = Record<string, unknown> & { reference: string; status: string; amount_minor: string | number };

/**
 * The sandbox provider's authorizations, captures and voids, kept in its own ledger
 * (`sandbox_payment_operations`) under the caller's idempotency keys, so a repeat returns the first answer.
 * An authorization holds `amount_minor` until `expires_at`; captures draw on it, never beyond it, and only
 * while it holds; a void releases the rest. Asynchronous methods start `pending` and complete when the
 * customer acts on the provider's side (see {@link SandboxAuthorizations.complete}).
 */
export class SandboxAuthorizations {
  constructor(
    private readonly db: Knex,
    private readonly ttlMs: number,
    /** A token's card behaviour ('ok' | 'decline' | 'flaky' | undefined for unknown) and attempt count. */
    private readonly cardBehaviour: (token: string | null, attempts: number) => 'ok' | 'decline' | 'failed',
  ) {}

  private expiry = () => new Date(Date.now() + this.ttlMs).toISOString();

  async authorize(request: AuthorizeRequest): Promise<AuthorizationOutcome> {
    const { instrument, idempotencyKey } = request;
    const token = instrument.method === 'card' ? await tokenOfCard(this.db, instrument.card) : null;
    // Committed before any error is thrown, so the ledger remembers failed attempts too (tok_flaky).
    const row = await this.db.transaction(async (trx) => {
      const previous: Row | undefined = await trx('sandbox_payment_operations')
        .where({ idempotency_key: idempotencyKey })
        .forUpdate()
        .first();
      if (previous && previous.status !== 'failed') return previous;
      const reference = sandboxReference('auth', idempotencyKey);
      const attempts = Number(previous?.attempts ?? 0) + 1;
      let status = 'pending';
      let action: RequiredAction | null = null;
      let reason: string | null = null;
      if (instrument.method === 'wallet') {
        action = { type: 'redirect', url: `https://sandbox-pay.example/wallet/${reference}` };
      } else if (instrument.method === 'bank_transfer') {
        const transferRef = `BT-${reference.slice(5, 15).toUpperCase()}`;
        action = {
          type: 'bank_transfer',
          reference: transferRef,
          ...SANDBOX_BANK_ACCOUNT,
          amountMinor: request.amountMinor,
          currency: request.currency,
        };
      } else if (token === THREE_D_SECURE_TOKEN) {
        action = { type: 'three_d_secure', url: `https://sandbox-pay.example/3ds/${reference}` };
      } else {
        const behaviour = this.cardBehaviour(token, attempts);
        status = behaviour === 'ok' ? 'succeeded' : behaviour === 'decline' ? 'declined' : 'failed';
        if (status === 'declined') reason = token === null ? 'card no longer on file' : 'card declined';
      }
      const row = {
        idempotency_key: idempotencyKey,
        kind: 'authorization',
        method: instrument.method,
        reference,
        status,
        amount_minor: request.amountMinor,
        currency: request.currency,
        attempts,
        expires_at: status === 'succeeded' ? this.expiry() : null,
        required_action: action ? JSON.stringify(action) : null,
        outcome_reason: reason,
        card_reference:
          instrument.method === 'card' && 'vaultRef' in instrument.card ? instrument.card.vaultRef : null,
      };
      await trx('sandbox_payment_operations')
        .insert(row)
        .onConflict('idempotency_key')
        .merge(['status', 'attempts', 'expires_at', 'outcome_reason']);
      return { ...row, required_action: action };
    });
    if (row.status === 'failed')
      throw new PaymentProviderUnavailableError(`sandbox outage (attempt ${String(row.attempts)})`);
    return outcomeOf(row);
  }

  async reauthorize(request: ReauthorizeRequest): Promise<AuthorizationOutcome> {
    return this.db.transaction(async (trx) => {
      const previous: Row | undefined = await trx('sandbox_payment_operations')
        .where({ idempotency_key: request.idempotencyKey })
        .first();
      if (previous) return outcomeOf(previous);
      const original = await this.authorizationOf(trx, request.authorizationReference);
      const token = original.method === 'card' ? await this.tokenOfAuthorization(trx, original) : null;
      const lapsed = isExpired(original) || original.status !== 'succeeded';
      const reason = lapsed
        ? 'the authorization to renew no longer holds'
        : token === REAUTH_DECLINED_TOKEN
          ? 're-authorization declined by the issuer'
          : null;
      const row = {
        idempotency_key: request.idempotencyKey,
        kind: 'authorization',
        method: original.method,
        reference: sandboxReference('auth', request.idempotencyKey),
        status: reason ? 'declined' : 'succeeded',
        amount_minor: request.amountMinor,
        currency: request.currency,
        // Renewals keep the original's card: the vault reference is resolved through the first row.
        authorization_reference: request.authorizationReference,
        expires_at: reason ? null : this.expiry(),
        outcome_reason: reason,
      };
      await trx('sandbox_payment_operations').insert(row);
      return outcomeOf(row);
    });
  }

  async capture(request: CaptureRequest): Promise<{ reference: string }> {
    return this.db.transaction(async (trx) => {
      const previous = await trx('sandbox_payment_operations')
        .where({ idempotency_key: request.idempotencyKey })
        .first();
      if (previous) return { reference: previous.reference };
      const authorization = await this.authorizationOf(trx, request.authorizationReference, true);
      if (authorization.status !== 'succeeded')
        throw new PaymentDeclinedError(`authorization is ${authorization.status}`);
      if (isExpired(authorization)) throw new PaymentDeclinedError('authorization expired');
      const captured = await this.capturedOn(trx, authorization.reference);
      if (captured + request.amountMinor > Number(authorization.amount_minor))
        throw new PaymentDeclinedError(
          `capture of ${request.amountMinor} exceeds what the authorization holds`,
        );
      const row = {
        idempotency_key: request.idempotencyKey,
        kind: 'capture',
        reference: sandboxReference('cap', request.idempotencyKey),
        status: 'succeeded',
        amount_minor: request.amountMinor,
        currency: request.currency,
        authorization_reference: authorization.reference,
      };
      await trx('sandbox_payment_operations').insert(row);
      return { reference: row.reference };
    });
  }

  async void(request: VoidRequest): Promise<{ reference: string; releasedMinor: number }> {
    return this.db.transaction(async (trx) => {
      const previous = await trx('sandbox_payment_operations')
        .where({ idempotency_key: request.idempotencyKey })
        .first();
      if (previous) return { reference: previous.reference, releasedMinor: Number(previous.amount_minor) };
      const authorization = await this.authorizationOf(trx, request.authorizationReference, true);
      const holds = authorization.status === 'succeeded' && !isExpired(authorization);
      const releasedMinor = holds
        ? Number(authorization.amount_minor) - (await this.capturedOn(trx, authorization.reference))
        : 0;
      if (authorization.status === 'succeeded' || authorization.status === 'pending')
        await trx('sandbox_payment_operations')
          .where({ reference: authorization.reference })
          .update({ status: 'voided' });
      const row = {
        idempotency_key: request.idempotencyKey,
        kind: 'void',
        reference: sandboxReference('void', request.idempotencyKey),
        status: 'succeeded',
        amount_minor: releasedMinor,
        currency: authorization.currency,
        authorization_reference: authorization.reference,
      };
      await trx('sandbox_payment_operations').insert(row);
      return { reference: row.reference, releasedMinor };
    });
  }

  async status(reference: string): Promise<AuthorizationStatus> {
    const row: Row | undefined = await this.db('sandbox_payment_operations')
      .where({ reference, kind: 'authorization' })
      .first();
    if (!row) return { status: 'unknown' };
    if (row.status === 'succeeded')
      return isExpired(row)
        ? { status: 'expired' }
        : { status: 'authorized', expiresAt: isoOrNull(row.expires_at) };
    if (row.status === 'declined')
      return { status: 'declined', reason: String(row.outcome_reason ?? 'declined') };
    if (row.status === 'voided') return { status: 'voided' };
    return { status: 'pending' };
  }

  /**
   * The customer acts on the provider's side (completes 3-D Secure or the wallet, or the transfer arrives),
   * or the payment fails there. Only a pending payment changes; returns the outcome, or null when it had
   * already settled. A received bank transfer is money in hand: it does not expire.
   */
  async complete(
    reference: string,
    outcome: 'authorized' | 'failed',
  ): Promise<{ idempotencyKey: string; expiresAt: string | null } | null> {
    const row: Row | undefined = await this.db('sandbox_payment_operations')
      .where({ reference, kind: 'authorization', status: 'pending' })
      .first();
    if (!row) return null;
    const expiresAt = outcome === 'authorized' && row.method !== 'bank_transfer' ? this.expiry() : null;
    const changed = await this.db('sandbox_payment_operations')
      .where({ reference, status: 'pending' })
      .update({
        status: outcome === 'authorized' ? 'succeeded' : 'declined',
        expires_at: expiresAt,
        outcome_reason: outcome === 'failed' ? 'the customer did not complete the payment' : null,
      });
    return changed ? { idempotencyKey: String(row.idempotency_key), expiresAt } : null;
  }

  private async authorizationOf(trx: Knex.Transaction, reference: string, lock = false): Promise<Row> {
    const query = trx('sandbox_payment_operations').where({ reference, kind: 'authorization' });
    const row: Row | undefined = await (lock ? query.forUpdate() : query).first();
    if (!row) throw new PaymentDeclinedError(`no authorization ${reference}`);
    return row;
  }

  /** The card token behind an authorization, following renewals back to the first one. */
  private async tokenOfAuthorization(trx: Knex.Transaction, row: Row): Promise<string | null> {
    let current = row;
    while (current.authorization_reference)
      current = await this.authorizationOf(trx, String(current.authorization_reference));
    if (!current.card_reference) return null;
    return tokenOfCard(trx, { vaultRef: String(current.card_reference) });
  }

  private async capturedOn(trx: Knex.Transaction, reference: string): Promise<number> {
    const sum = await trx('sandbox_payment_operations')
      .where({ kind: 'capture', authorization_reference: reference, status: 'succeeded' })
      .sum({ total: 'amount_minor' })
      .first();
    return Number(sum?.total ?? 0);
  }
}

const isoOrNull = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
const isExpired = (row: Row) =>
  row.expires_at != null && new Date(row.expires_at as string).getTime() <= Date.now();

function outcomeOf(row: Record<string, unknown>): AuthorizationOutcome {
  const reference = String(row.reference);
  if (row.status === 'succeeded')
    return { status: 'authorized', reference, expiresAt: isoOrNull(row.expires_at) };
  if (row.status === 'pending') {
    const action = row.required_action;
    return {
      status: 'action_required',
      reference,
      action: (typeof action === 'string' ? JSON.parse(action) : action) as RequiredAction,
    };
  }
  return { status: 'declined', reference, reason: String(row.outcome_reason ?? 'declined') };
}
