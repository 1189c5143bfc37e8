import type { CardReference } from '../domain/checkout';

/** What the provider knows about a card token before any money moves. */
export interface TokenProfile {
  cardCountry: string | null;
  /** The provider's own fraud signal, like Stripe Radar's risk level. */
  riskLevel: 'normal' | 'elevated' | 'highest';
}

export interface ChargeRequest {
  idempotencyKey: string;
  card: CardReference;
  amountMinor: number;
  currency: string;
}

export interface RefundRequest {
  idempotencyKey: string;
  chargeReference: string;
  amountMinor: number;
  currency: string;
}

/** A card was declined: a business outcome, never retried. */
export class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
}

/** The provider could not be reached or failed transiently: retry with the same idempotency key. */
export class PaymentProviderUnavailableError extends Error {
  override name = 'PaymentProviderUnavailableError';
}

/**
 * A payment provider. Every money-moving call carries an idempotency key: repeating a call with the same
 * key returns the first result and never moves money twice, as with real providers.
 */
export interface PaymentProvider {
  readonly name: string;
  /** What the provider knows about a card (vaulted, or a raw token from orders placed before the vault). */
  profileCard(card: CardReference): Promise<TokenProfile>;
  /** Authorizes and captures in one step; returns the provider's charge reference. */
  charge(request: ChargeRequest): Promise<{ reference: string }>;
  refund(request: RefundRequest): Promise<{ reference: string }>;
}
