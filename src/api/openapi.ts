import { z } from 'zod';
import { problemResponse as error } from './openapi-problem';
import { commercePaths } from './openapi-commerce';
import { paymentViewSchema } from './openapi-payment';
import { withSecurity } from './openapi-security';
import {
  cancelBody,
  chargebackBody,
  paymentWebhookBody,
  paymentAttemptBody,
  carrierWebhookBody,
  createOrderBody,
  listOrdersQuery,
  refundBody,
  refundApplicationBody,
  refundDecisionBody,
  adjustmentBody,
  adjustmentsQuery,
  auditQuery,
  productBody,
  reviewBody,
  stockAlertsQuery,
  addressChangeBody,
  lineChangeBody,
  lostParcelBody,
} from './schemas';

const json = (schema: z.ZodType) => ({
  'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) },
});
/** What any JSON-body route may also answer. */
const bodyErrors = {
  413: error('Body larger than 100 kB'),
  415: error('Body is not application/json'),
};
const tooMany = {
  429: { ...error('Rate limit reached'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
};
const probe = (summary: string) => ({
  get: { summary, responses: { 200: { description: 'ok' }, 503: { description: 'not ready' } } },
});
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 200 },
};
const accepted = { description: 'Accepted: the request was handed to the order workflow' };
const orderId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const applicationIdParameter = {
  name: 'applicationId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' },
};
const body = (schema: z.ZodType, required = true) => ({ required, content: json(schema) });
const orderAction = (summary: string, schema?: z.ZodType) => ({
  post: {
    summary,
    parameters: [orderId],
    ...(schema ? { requestBody: body(schema, false) } : {}),
    responses: {
      202: accepted,
      400: error('Invalid input'),
      404: error('Unknown order'),
      409: error('Not allowed now'),
      ...bodyErrors,
    },
  },
});

/** What an order change answers (PATCH shipping-address, POST changes). */
const changeAnswers = {
  200: {
    description:
      'Applied: `{ orderId, status, change }`, the change with `status`, `amountDueMinor` and `refundedMinor`; a repeat of a changeId answers its first outcome',
  },
  400: error('Invalid input; `field` names it'),
  404: error('Unknown order'),
  409: error('No longer allowed (dispatched, cancelled, unknown line, quantity not lower…), with the reason'),
  ...bodyErrors,
};

const queryParameters = (schema: z.ZodObject) =>
  Object.entries(z.toJSONSchema(schema, { io: 'input' }).properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    schema: property,
  }));

/** The OpenAPI document, built from the same zod schemas that validate requests, so the two agree. */
export function buildOpenApiDocument() {
  return withSecurity({
    openapi: '3.1.0',
    info: { title: 'Checkout saga API', version: '1.0.0' },
    paths: {
      ...commercePaths({ body, bodyErrors, queryParameters, idempotencyKey }),
      '/livez': {
        get: {
          summary: 'Liveness: the process answers (no dependency checks)',
          responses: { 200: { description: 'ok' } },
        },
      },
      '/readyz': probe('Readiness: PostgreSQL and Temporal reachable, and not shutting down'),
      '/healthz': probe('Alias of /readyz'),
      '/v1/orders': {
        post: {
          summary: 'Place an order and start its checkout workflow',
          parameters: [idempotencyKey],
          requestBody: body(createOrderBody),
          responses: {
            202: { description: 'Accepted: `{ orderId, workflowId, status }`' },
            400: error('Invalid input; `field` names the first bad field, `errors` lists them all'),
            409: error('Idempotency-Key reused with a different body'),
            ...bodyErrors,
            ...tooMany,
          },
        },
        get: {
          summary: 'List orders, newest first',
          parameters: queryParameters(listOrdersQuery),
          responses: { 200: { description: '`{ orders: [...] }`' }, 400: error('Invalid filter') },
        },
      },
      '/v1/orders/{id}': {
        get: {
          summary:
            'An order: status, lines and allocations, amounts, payment, shipments, refunds and timeline',
          parameters: [orderId],
          responses: { 200: { description: 'The order' }, 404: error('Unknown order') },
        },
      },
      '/v1/orders/{id}/cancel': orderAction(
        'Cancel: release, refund, or return, depending on progress',
        cancelBody,
      ),
      '/v1/orders/{id}/refunds': orderAction(
        'Request a full or partial refund (never above what is refundable)',
        refundBody,
      ),
      '/v1/orders/{id}/refunds/{refundId}': {
        get: {
          summary: "A refund request's outcome: requested, succeeded, or rejected with the reason",
          parameters: [orderId, { name: 'refundId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'The refund' }, 404: error('Unknown order or refund') },
        },
      },
      '/v1/orders/{id}/refund-applications': {
        post: {
          summary:
            'Apply for a refund of whole lines (returned, or kept with `keepItems`) or of an amount, with a reason code',
          parameters: [orderId, idempotencyKey],
          requestBody: body(refundApplicationBody),
          responses: {
            202: {
              description:
                'Submitted (or a repeat of the same applicationId): `{ orderId, applicationId, status, amountMinor, currency, needsReturn }`',
            },
            400: error('Invalid input, or lines that are not in this order; `field` names it'),
            404: error('Unknown order'),
            409: error(
              'Not allowed now: before dispatch, after the return window, units already applied for, or above what is refundable',
            ),
            ...bodyErrors,
          },
        },
        get: {
          summary: "The order's refund applications, oldest first",
          parameters: [orderId],
          responses: {
            200: { description: '`{ orderId, applications: [...] }`' },
            404: error('Unknown order'),
          },
        },
      },
      '/v1/orders/{id}/refund-applications/{applicationId}': {
        get: {
          summary:
            'A refund application: status (submitted, escalated, approved, awaiting_return, refunding, refunded, rejected, return_lapsed, failed), amount, return parcels, decision',
          parameters: [orderId, applicationIdParameter],
          responses: { 200: { description: 'The application' }, 404: error('Unknown order or application') },
        },
      },
      '/v1/orders/{id}/refund-applications/{applicationId}/decision': {
        post: {
          summary:
            "Support's decision on a refund application that waits for one (the reviewer is the caller)",
          parameters: [orderId, applicationIdParameter],
          requestBody: body(refundDecisionBody),
          responses: {
            202: { description: '`{ orderId, applicationId, decision }`; a repeat of the same decision too' },
            400: error('Invalid input'),
            404: error('Unknown order or application'),
            409: error('The application does not wait for a decision, or is above what is refundable now'),
            ...bodyErrors,
          },
        },
      },
      '/v1/orders/{id}/payment': {
        get: {
          summary:
            "The order's payment: state, attempts, amounts authorized, captured, voided and refunded, provider references (staff) and the action the customer must take",
          parameters: [orderId],
          responses: {
            200: {
              description: 'The payment',
              content: { 'application/json': { schema: z.toJSONSchema(paymentViewSchema) } },
            },
            404: error('Unknown order'),
          },
        },
      },
      '/v1/orders/{id}/payment-attempts': {
        post: {
          summary:
            'After a decline, pay another way on the same order and reservation (within the retry window; the amount due stays the one fixed at checkout)',
          parameters: [orderId, idempotencyKey],
          requestBody: body(paymentAttemptBody),
          responses: {
            202: accepted,
            400: error('Invalid input; `field` names it'),
            404: error('Unknown order'),
            409: error('No declined payment to retry, another retry under way, or the window closed'),
            ...bodyErrors,
          },
        },
      },
      '/v1/orders/{id}/receipt': orderAction('Confirm receipt of the goods'),
      '/v1/orders/{id}/review': orderAction(
        'Support decision on an order in review, or on a new address waiting for a review',
        reviewBody,
      ),
      '/v1/orders/{id}/shipping-address': {
        patch: {
          summary:
            'Change the shipping address before dispatch: stock is re-allocated, labels made again, risk re-checked',
          parameters: [orderId, idempotencyKey],
          requestBody: body(addressChangeBody),
          responses: {
            ...changeAnswers,
            202: {
              description: 'Taken, waiting for a support review of the new address (or cancelling: rejected)',
            },
          },
        },
      },
      '/v1/orders/{id}/changes': {
        post: {
          summary:
            'Remove a line or lower its quantity before dispatch: its units are released and the difference refunded',
          parameters: [orderId, idempotencyKey],
          requestBody: body(lineChangeBody),
          responses: {
            ...changeAnswers,
            202: { description: 'The last line was removed: the order is being cancelled' },
          },
        },
      },
      '/v1/orders/{id}/lost-parcels/{trackingNumber}/decision': {
        post: {
          summary:
            'Support decides about a parcel the carrier reported lost: refund its lines, or reship them',
          parameters: [
            orderId,
            { name: 'trackingNumber', in: 'path', required: true, schema: { type: 'string' } },
          ],
          requestBody: body(lostParcelBody),
          responses: {
            202: {
              description:
                'Taken: `{ orderId, trackingNumber, decision, status }` (a repeat answers the same)',
            },
            400: error('Invalid input'),
            404: error('Unknown order'),
            409: error('The parcel is not lost, or was already decided otherwise'),
            ...bodyErrors,
          },
        },
      },
      '/v1/customers/{id}/personal-data': {
        delete: {
          summary: "Erase a customer's personal data and destroy their history key (admin)",
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'Erased (a repeat answers the same)' },
            400: error('Invalid customer id'),
            404: error('Unknown customer'),
            409: error('The customer has orders still open'),
          },
        },
      },
      '/v1/webhooks/carrier': {
        post: {
          summary: 'Carrier tracking update',
          requestBody: body(carrierWebhookBody),
          responses: {
            202: accepted,
            400: error('Invalid input'),
            404: error('Unknown tracking number'),
            ...bodyErrors,
            ...tooMany,
          },
        },
      },
      '/v1/webhooks/payments': {
        post: {
          summary:
            'Payment provider event about one of its own payments: an asynchronous result (`payment.authorized`, `payment.failed`, `payment.pending`; becomes a signal, handled once) or a confirmed chargeback (`chargeback.confirmed`)',
          requestBody: body(paymentWebhookBody),
          responses: {
            202: {
              description:
                "Accepted: the result was signalled to the order's workflow, or the chargeback recorded (the customer's chargebacks and the labelled outcomes learn it)",
            },
            200: { description: 'A repeat (same eventId, or the order already has a chargeback)' },
            400: error('Invalid input'),
            404: error('Unknown payment reference for this provider'),
            409: error('Amount above what was captured'),
          },
        },
      },
      '/v1/orders/{id}/chargebacks': {
        post: {
          summary: 'Support records a chargeback the provider confirmed by other means',
          parameters: [orderId],
          requestBody: body(chargebackBody),
          responses: {
            201: { description: 'Recorded' },
            200: { description: 'The order already has a chargeback' },
            400: error('Invalid input'),
            404: error('Unknown order'),
            409: error('Amount above what was captured'),
          },
        },
      },
      '/v1/products': {
        get: { summary: 'The catalog', responses: { 200: { description: '`{ products: [...] }`' } } },
      },
      '/v1/inventory/alerts': {
        get: {
          summary:
            'Latest stock alerts run: alerts (critical, warning) and rebalancing proposals, never applied automatically',
          parameters: queryParameters(stockAlertsQuery),
          responses: {
            200: {
              description:
                '`{ runId, workflowId, asOf, parameters, alerts: [...], proposals: [...] }`; `runId` is null before the first run',
            },
            400: error('Invalid filter; `field` names it'),
          },
        },
      },
      '/v1/inventory/{sku}': {
        get: {
          summary: 'On hand and reserved per warehouse',
          parameters: [{ name: 'sku', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'Stock per warehouse' }, 404: error('Unknown SKU') },
        },
      },
      '/v1/inventory/adjustments': {
        get: {
          summary:
            'The stock ledger: adjustments newest first, with reason, actor and levels before and after',
          parameters: queryParameters(adjustmentsQuery),
          responses: { 200: { description: '`{ adjustments: [...] }`' }, 400: error('Invalid filter') },
        },
        post: {
          summary: 'Adjust stock up or down with a reason; exactly once per adjustmentId or Idempotency-Key',
          parameters: [idempotencyKey],
          requestBody: body(adjustmentBody),
          responses: {
            201: { description: 'Applied: the adjustment with the levels before and after' },
            200: { description: 'A repeat: the adjustment first applied' },
            400: error('Invalid input, unknown warehouse or SKU; `field` names it'),
            409: error('Below what is reserved, or the id reused with other values'),
          },
        },
      },
      '/v1/products/{sku}': {
        put: {
          summary: 'Create a product or change its name or price (orders keep the price they were placed at)',
          parameters: [{ name: 'sku', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: body(productBody),
          responses: {
            201: { description: 'Created' },
            200: { description: 'Updated' },
            400: error('Invalid input'),
          },
        },
      },
      '/v1/audit': {
        get: {
          summary: 'Staff and admin actions, newest first: actor, time, target, values before and after',
          parameters: queryParameters(auditQuery),
          responses: {
            200: {
              description: '`{ entries: [...], nextBefore }`; pass `before=nextBefore` for the next page',
            },
            400: error('Invalid filter'),
          },
        },
      },
    },
  });
}
