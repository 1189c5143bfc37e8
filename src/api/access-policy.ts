import { requireRole } from '../auth/authenticate';
import type { Role } from '../auth/roles';

const STAFF = ['support', 'admin'] as const satisfies readonly Role[];
const PEOPLE = ['customer', ...STAFF] as const satisfies readonly Role[];

/**
 * Who may call each route: the one place access is decided. Routers guard with `allow(route)`, the
 * OpenAPI document declares security from it, and `npm run routes` prints it as a table. Customers reach
 * only their own orders (others answer 404); staff actions are written to the audit log.
 */
export const ROUTE_ACCESS = {
  'POST /v1/orders': ['customer'],
  'GET /v1/orders': PEOPLE,
  'GET /v1/orders/{id}': PEOPLE,
  'POST /v1/orders/{id}/cancel': PEOPLE,
  // A refund without a return is a support decision; customers cancel, which returns the goods first.
  'POST /v1/orders/{id}/refunds': STAFF,
  'GET /v1/orders/{id}/refunds/{refundId}': PEOPLE,
  'POST /v1/orders/{id}/receipt': PEOPLE,
  'POST /v1/orders/{id}/review': STAFF,
  'POST /v1/orders/{id}/chargebacks': STAFF,
  // Customers apply for their own orders; support may file for a customer (audited) and decides.
  'POST /v1/orders/{id}/refund-applications': PEOPLE,
  'GET /v1/orders/{id}/refund-applications': PEOPLE,
  'GET /v1/orders/{id}/refund-applications/{applicationId}': PEOPLE,
  'POST /v1/orders/{id}/refund-applications/{applicationId}/decision': STAFF,
  // Changes before dispatch: the customer for their own order, or staff on their behalf (audited).
  'PATCH /v1/orders/{id}/shipping-address': PEOPLE,
  'POST /v1/orders/{id}/changes': PEOPLE,
  'POST /v1/orders/{id}/lost-parcels/{trackingNumber}/decision': STAFF,
  'GET /v1/orders/{id}/payment': PEOPLE,
  // The customer chooses how to pay; staff never hold a customer's card.
  'POST /v1/orders/{id}/payment-attempts': ['customer'],
  'POST /v1/webhooks/carrier': ['carrier'],
  'POST /v1/webhooks/payments': ['payment-provider'],
  // Carts belong to the token's customer (another's answers 404); staff may read any.
  'POST /v1/carts': ['customer'],
  'GET /v1/carts/{id}': PEOPLE,
  'POST /v1/carts/{id}/lines': ['customer'],
  'PATCH /v1/carts/{id}/lines/{sku}': ['customer'],
  'DELETE /v1/carts/{id}/lines/{sku}': ['customer'],
  'POST /v1/carts/{id}/checkout': ['customer'],
  'GET /v1/products': PEOPLE,
  'PUT /v1/products/{sku}': ['admin'],
  'PUT /v1/products/{sku}/prices/{currency}': ['admin'],
  'GET /v1/rates': PEOPLE,
  'PUT /v1/rates/{from}/{to}': ['admin'],
  'GET /v1/inventory/alerts': STAFF,
  'GET /v1/inventory/adjustments': STAFF,
  'POST /v1/inventory/adjustments': ['admin'],
  'GET /v1/inventory/{sku}': STAFF,
  'GET /v1/audit': STAFF,
  'DELETE /v1/customers/{id}/personal-data': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type RouteKey = keyof typeof ROUTE_ACCESS;

/** Routes anyone may call: probes and the API description. */
export const PUBLIC_ROUTES = ['GET /healthz', 'GET /livez', 'GET /readyz', 'GET /openapi.json'] as const;

/** Guards a route with its entry in ROUTE_ACCESS: 401 when anonymous, 403 for another role. */
export const allow = (route: RouteKey) => requireRole(ROUTE_ACCESS[route]);
