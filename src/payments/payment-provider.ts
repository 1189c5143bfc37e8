import type { CardReference } from '../domain/checkout';
import type { PaymentMethodKind } from '../domain/payment-methods';
import type { RequiredAction } from '../domain/payment-state';

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
  /** Refunds a one-step charge or a capture (`chargeReference` names either). */
  refund(request: RefundRequest): Promise<{ reference: string }>;
  /** Holds the amount without taking it: at once (card), or after the customer acts (see RequiredAction). */
  authorize(request: AuthorizeRequest): Promise<AuthorizationOutcome>;
  /** A new hold for an authorization about to expire, without asking the customer again. */
  reauthorize(request: ReauthorizeRequest): Promise<AuthorizationOutcome>;
  /** Takes part of an authorization; never more than it holds, in all captures together. */
  capture(request: CaptureRequest): Promise<{ reference: string }>;
  /** Releases what an authorization still holds (or cancels a payment still awaiting the customer). */
  void(request: VoidRequest): Promise<{ reference: string; releasedMinor: number }>;
  /** The provider's own view of an authorization: the reconciliation query when a notification is late. */
  authorizationStatus(reference: string): Promise<AuthorizationStatus>;
}

export type { RequiredAction } from '../domain/payment-state';

/** How a payment is made: a card (vaulted, or a raw token), a wallet or a bank transfer. */
export type PaymentInstrument =
  { method: 'card'; card: CardReference } | { method: Exclude<PaymentMethodKind, 'card'> };

export interface AuthorizeRequest {
  idempotencyKey: string;
  instrument: PaymentInstrument;
  amountMinor: number;
  currency: string;
}

export interface ReauthorizeRequest {
  idempotencyKey: string;
  /** The authorization to renew: its instrument is used again. */
  authorizationReference: string;
  amountMinor: number;
  currency: string;
}

/** An authorization's answer: held (until `expiresAt`; null for money already received), declined, or waiting. */
export type AuthorizationOutcome =
  | { status: 'authorized'; reference: string; expiresAt: string | null }
  | { status: 'declined'; reference: string; reason: string }
  | { status: 'action_required'; reference: string; action: RequiredAction };

export type AuthorizationStatus =
  | { status: 'authorized'; expiresAt: string | null }
  | { status: 'declined'; reason: string }
  | { status: 'pending' | 'voided' | 'expired' | 'unknown' };

export interface CaptureRequest {
  idempotencyKey: string;
  authorizationReference: string;
  amountMinor: number;
  currency: string;
}

export interface VoidRequest {
  idempotencyKey: string;
  authorizationReference: string;
}
