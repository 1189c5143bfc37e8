/** Every status an order can be in, as the API and the OrderStatus search attribute show it. */
export const OrderStatus = {
  pending: 'pending',
  reserved: 'reserved',
  inReview: 'in_review',
  /** The customer must act (3-D Secure, a wallet, a bank transfer) or retry after a decline. */
  awaitingPayment: 'awaiting_payment',
  paid: 'paid',
  shipped: 'shipped',
  delivered: 'delivered',
  completed: 'completed',
  cancelled: 'cancelled',
  rejected: 'rejected',
  failed: 'failed',
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export const ORDER_STATUSES = Object.values(OrderStatus);

/** The one transition table: which status may follow which. Anything else is a bug. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['reserved', 'failed', 'cancelled'],
  reserved: ['in_review', 'awaiting_payment', 'paid', 'rejected', 'failed', 'cancelled'],
  in_review: ['awaiting_payment', 'paid', 'rejected', 'failed', 'cancelled'],
  awaiting_payment: ['paid', 'failed', 'cancelled'],
  paid: ['shipped', 'failed', 'cancelled'],
  shipped: ['delivered', 'completed', 'cancelled', 'failed'],
  delivered: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
  rejected: [],
  failed: [],
};

/** True when the order may move from `from` to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** Statuses from which an order never moves again. */
export function isFinalStatus(status: OrderStatus): boolean {
  return NEXT[status].length === 0;
}

/**
 * True when the order ended without goods kept: cancelled, rejected or failed. Unlike these, a `completed`
 * order still takes refunds and returns while its return window is open.
 */
export function hasEnded(status: OrderStatus): boolean {
  return isFinalStatus(status) && status !== OrderStatus.completed;
}
