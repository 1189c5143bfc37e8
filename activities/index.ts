import { createAlertsActivities } from './alerts.activities';
import { carryingRecords } from './carrying-steps';
import type { ActivityDeps } from './deps';
import { createInventoryActivities } from './inventory.activities';
import { createOrderActivities } from './order.activities';
import { createOrderChangeActivities } from './order-change.activities';
import { createAuthorizationActivities } from './payment-authorization.activities';
import { createPaymentActivities } from './payment.activities';
import { createReconcileActivities } from './reconcile.activities';
import { createRefundApplicationActivities } from './refund-applications.activities';
import { createReturnsActivities } from './returns.activities';
import { createRiskActivities } from './risk.activities';
import { createShippingActivities } from './shipping.activities';

/**
 * Every activity the worker registers, built once over explicit dependencies. Any of them can carry the
 * saga's record writes (see carryingRecords).
 */
export function createActivities(deps: ActivityDeps) {
  const activities = {
    ...createOrderActivities(deps),
    ...createInventoryActivities(deps),
    ...createOrderChangeActivities(deps),
    ...createRiskActivities(deps),
    ...createPaymentActivities(deps),
    ...createAuthorizationActivities(deps),
    ...createShippingActivities(deps),
    ...createReturnsActivities(deps),
    ...createRefundApplicationActivities(deps),
    ...createAlertsActivities(deps),
    ...createReconcileActivities(deps),
  };
  return carryingRecords(activities, deps.db, deps.metrics);
}

/** The activity interface workflows proxy, by type only. */
export type CheckoutActivities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
