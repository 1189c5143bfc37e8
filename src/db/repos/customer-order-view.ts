import { FailureType } from '../../domain/failure-types';
import type { loadOrderView } from './order-view.repo';

type StaffView = NonNullable<Awaited<ReturnType<typeof loadOrderView>>>;

/** What a customer may learn about why their order stopped, without our internals. */
const CUSTOMER_FAILURE: Partial<Record<string, string>> = {
  [FailureType.OutOfStock]: 'Some items are out of stock.',
  [FailureType.PaymentDeclined]: 'The payment was declined.',
  [FailureType.RiskRejected]: 'We could not accept this order.',
  [FailureType.Cancelled]: 'The order was cancelled.',
  [FailureType.PaymentNotCompleted]: 'The payment was not completed.',
};

/**
 * The customer's view of their order: status, money, lines, parcels and refunds. It hides internals: the
 * risk score and tree path, allocation costs and warehouses, provider references and messages, step
 * details and attention flags. Built by picking fields, so a new internal field stays hidden by default.
 */
export function customerOrderView(order: StaffView) {
  const failureType = (order.failure as { type?: string } | null)?.type;
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    status: order.status,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    amounts: order.amounts,
    pricing: order.pricing,
    lines: order.lines.map(({ sku, quantity, unitPriceMinor }) => ({ sku, quantity, unitPriceMinor })),
    shippingAddress: order.shippingAddress,
    payment: order.payment && { status: order.payment.status, amountMinor: order.payment.amountMinor },
    requiredAction: order.requiredAction,
    shipments: order.shipments.map(({ kind, carrier, trackingNumber, status }) => ({
      kind,
      carrier,
      trackingNumber,
      status,
    })),
    refunds: order.refunds.map(({ refundId, amountMinor, status, createdAt }) => ({
      refundId,
      amountMinor,
      status,
      createdAt,
    })),
    failure: failureType
      ? { message: CUSTOMER_FAILURE[failureType] ?? 'The order could not be completed.' }
      : null,
    timeline: order.timeline.map(({ at, step, outcome, status }) => ({ at, step, outcome, status })),
  };
}
