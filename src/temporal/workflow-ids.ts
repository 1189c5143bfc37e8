/** The workflow id of an order's checkout: one workflow per order, found by the order id alone. */
export const checkoutWorkflowId = (orderId: string): string => `checkout-${orderId}`;

/** The id of the stock alerts Schedule. */
export const STOCK_ALERTS_SCHEDULE_ID = 'stock-alerts';

/** The id of the Schedule that reconciles order rows with their runs. */
export const RECONCILE_SCHEDULE_ID = 'reconcile-orders';

const CHECKOUT_ID = /^checkout-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The order id of a checkout workflow id, or null for any other workflow (schedules, reconciler). */
export const orderIdOfWorkflowId = (workflowId: string): string | null =>
  CHECKOUT_ID.exec(workflowId)?.[1] ?? null;
