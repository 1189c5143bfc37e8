/**
 * The `ApplicationFailure.type` strings that cross Temporal. Code classifies failures by these,
 * never by `instanceof` of our own classes (which do not survive serialisation).
 * Business failures are thrown non-retryable; outages stay retryable.
 */
export const FailureType = {
  OutOfStock: 'OutOfStock',
  PaymentDeclined: 'PaymentDeclined',
  PaymentProviderUnavailable: 'PaymentProviderUnavailable',
  RiskRejected: 'RiskRejected',
  Cancelled: 'Cancelled',
  RefundNotAllowed: 'RefundNotAllowed',
  CarrierUnavailable: 'CarrierUnavailable',
  ShipmentNotCancellable: 'ShipmentNotCancellable',
  InvalidOrder: 'InvalidOrder',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Failures that end the saga by business decision rather than outage. */
export const BUSINESS_FAILURES: readonly FailureType[] = [
  FailureType.OutOfStock,
  FailureType.PaymentDeclined,
  FailureType.RiskRejected,
  FailureType.Cancelled,
  FailureType.RefundNotAllowed,
  FailureType.ShipmentNotCancellable,
  FailureType.InvalidOrder,
];
