/**
 * The `ApplicationFailure.type` strings that cross Temporal. Code classifies failures by these,
 * never by `instanceof` of our own classes (which do not survive serialisation).
 * Business failures are thrown non-retryable; outages stay retryable.
 */
export const FailureType = {
  OutOfStock: 'OutOfStock',
  /** The order's reservation was released or returned: a finished checkout cannot reserve again. */
  ReservationClosed: 'ReservationClosed',
  PaymentDeclined: 'PaymentDeclined',
  PaymentProviderUnavailable: 'PaymentProviderUnavailable',
  /** No payment completed: no result before the method's deadline, or no retry within the window. */
  PaymentNotCompleted: 'PaymentNotCompleted',
  /** A capture the provider refused (the authorization lapsed or was voided): a person must look. */
  PaymentCaptureFailed: 'PaymentCaptureFailed',
  RiskRejected: 'RiskRejected',
  Cancelled: 'Cancelled',
  RefundNotAllowed: 'RefundNotAllowed',
  /** The provider refused a refund our own books allowed: the two disagree, and a person must look. */
  RefundRefusedByProvider: 'RefundRefusedByProvider',
  ShipmentNotCancellable: 'ShipmentNotCancellable',
  InvalidInput: 'InvalidInput',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];
