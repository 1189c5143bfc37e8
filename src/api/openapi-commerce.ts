import type { z } from 'zod';
import { problemResponse as error } from './openapi-problem';
import {
  cartCheckoutBody,
  cartLineBody,
  cartLineQuantityBody,
  cartViewQuery,
  createCartBody,
  productPriceBody,
  rateBody,
} from './schemas';

/** The helpers openapi.ts builds operations with, passed in so that both files share them. */
export interface OpenApiParts {
  body: (schema: z.ZodType, required?: boolean) => unknown;
  bodyErrors: Record<number, unknown>;
  queryParameters: (schema: z.ZodObject) => unknown[];
  idempotencyKey: unknown;
}

const path = (name: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  schema,
});
const cartId = path('id', { type: 'string', format: 'uuid' });
const sku = path('sku');
const currency = (name: string) => path(name, { type: 'string', pattern: '^[A-Z]{3}$' });
const cartAnswer =
  'The cart: `{ cartId, customerId, currency, status, orderId, createdAt, lastActivityAt, expiresAt, lines: [{ sku, name, quantity, unitPriceMinor, lineTotalMinor, priceSource, rate, addedAt, availableUnits, inStock }], totals: { currency, subtotalMinor, shippingMinor, methodFeeMinor, amountDueMinor, paymentMethod, shipTo, freeShippingFromMinor, display } }`';
const cartErrors = {
  404: error("Unknown cart, another customer's cart, or no line for the SKU"),
  409: error('The cart was checked out: it cannot change'),
  410: error('The cart expired after CART_IDLE_TIMEOUT without changes'),
};

/** Carts, price lists and exchange rates. */
export function commercePaths({ body, bodyErrors, queryParameters, idempotencyKey }: OpenApiParts) {
  const viewQuery = queryParameters(cartViewQuery);
  const lineChange = (summary: string, schema?: z.ZodType) => ({
    summary,
    parameters: [cartId, sku, ...viewQuery],
    ...(schema ? { requestBody: body(schema) } : {}),
    responses: {
      200: { description: cartAnswer },
      400: error('Invalid input; `field` names it'),
      ...cartErrors,
      ...bodyErrors,
    },
  });
  return {
    '/v1/carts': {
      post: {
        summary: "Create a cart in one currency for the token's customer",
        requestBody: body(createCartBody),
        responses: {
          201: { description: cartAnswer },
          400: error('Unknown currency, or one with no rate into the base currency (`field`: currency)'),
          ...bodyErrors,
        },
      },
    },
    '/v1/carts/{id}': {
      get: {
        summary:
          'A cart with line totals, availability per line, shipping, the payment method fee and the amount due',
        parameters: [cartId, ...viewQuery],
        responses: {
          200: { description: cartAnswer },
          400: error('Invalid query'),
          404: cartErrors[404],
          410: cartErrors[410],
        },
      },
    },
    '/v1/carts/{id}/lines': {
      post: {
        summary:
          "Add a line priced now (the SKU's price list, or its base price converted); a SKU already in the cart adds to its line",
        parameters: [cartId, ...viewQuery],
        requestBody: body(cartLineBody),
        responses: {
          201: { description: cartAnswer },
          400: error('Unknown SKU, one that cannot be priced in the currency, or a bad quantity'),
          ...cartErrors,
          ...bodyErrors,
        },
      },
    },
    '/v1/carts/{id}/lines/{sku}': {
      patch: lineChange("Change a line's quantity (its price snapshot stays)", cartLineQuantityBody),
      delete: lineChange('Remove a line'),
    },
    '/v1/carts/{id}/checkout': {
      post: {
        summary:
          'Check out: prices re-checked, then the checkout saga starts as for POST /v1/orders; a repeat with the same Idempotency-Key answers the same order',
        parameters: [cartId, idempotencyKey],
        requestBody: body(cartCheckoutBody),
        responses: {
          202: { description: 'Accepted: `{ orderId, workflowId, status }`' },
          400: error('Invalid input; `field` names it'),
          404: cartErrors[404],
          409: error(
            "A line's price changed (`field` names it, e.g. `lines[0]`), the cart is empty, or it was checked out already",
          ),
          410: cartErrors[410],
          ...bodyErrors,
        },
      },
    },
    '/v1/products/{sku}/prices/{currency}': {
      put: {
        summary: "Set a product's price in one currency (admin, audited); open carts answer 409 at checkout",
        parameters: [sku, currency('currency')],
        requestBody: body(productPriceBody),
        responses: {
          201: { description: 'Created: the product with its prices' },
          200: { description: 'Updated: the product with its prices' },
          400: error('Invalid input'),
          404: error('Unknown SKU'),
        },
      },
    },
    '/v1/rates': {
      get: {
        summary: 'Exchange rates: `{ rates: [{ from, to, rate, asOf }] }` (units of `to` per unit of `from`)',
        responses: { 200: { description: 'The rates' } },
      },
    },
    '/v1/rates/{from}/{to}': {
      put: {
        summary: 'Set an exchange rate (admin, audited); orders keep the rate they were placed with',
        parameters: [currency('from'), currency('to')],
        requestBody: body(rateBody),
        responses: {
          201: { description: 'Created: `{ from, to, rate, asOf }`' },
          200: { description: 'Replaced: `{ from, to, rate, asOf }`' },
          400: error('Unknown currency, the same currency twice, or a bad rate'),
        },
      },
    },
  };
}
