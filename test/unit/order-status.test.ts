import { canTransition, isFinalStatus, ORDER_STATUSES } from '../../src/domain/order-status';

describe('order status transitions', () => {
  test('when an order ends, then no status may follow', () => {
    for (const end of ['completed', 'cancelled', 'rejected', 'failed'] as const) {
      expect(isFinalStatus(end)).toBe(true);
      expect(ORDER_STATUSES.filter((next) => canTransition(end, next))).toEqual([]);
    }
  });

  test('when an order moves along the saga, then each step is allowed and none goes backwards', () => {
    const path = ['pending', 'reserved', 'in_review', 'paid', 'shipped', 'delivered', 'completed'] as const;
    for (let i = 1; i < path.length; i++) {
      expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
      expect(canTransition(path[i]!, path[i - 1]!)).toBe(false);
    }
  });

  test('when money has been taken or goods dispatched, then the order can no longer simply be rejected', () => {
    expect(canTransition('paid', 'rejected')).toBe(false);
    expect(canTransition('shipped', 'rejected')).toBe(false);
    expect(canTransition('reserved', 'rejected')).toBe(true);
  });

  test('when an order awaits payment, then it is paid or cancelled (or fails), never shipped, and never returns to review', () => {
    expect(canTransition('reserved', 'awaiting_payment')).toBe(true);
    expect(canTransition('in_review', 'awaiting_payment')).toBe(true);
    expect(ORDER_STATUSES.filter((next) => canTransition('awaiting_payment', next)).sort()).toEqual([
      'cancelled',
      'failed',
      'paid',
    ]);
    expect(canTransition('paid', 'awaiting_payment')).toBe(false);
  });
});
