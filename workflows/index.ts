// The workflow bundle's entry point: every workflow the worker runs.
export { checkout } from './checkout.workflow';
export { stockAlerts } from './stock-alerts.workflow';
export { reconcileOrders } from './reconcile.workflow';
