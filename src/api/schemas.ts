import { z } from 'zod';
import { CARRIER_STATUSES } from '../../workflows/checkout.messages';
import { ADJUSTMENT_REASONS } from '../db/repos/inventory-ledger.repo';
import { REFUND_REASONS } from '../domain/refund-applications';
import { PAYMENT_METHODS } from '../domain/payment-methods';

// Request bodies: one zod schema each, used to validate requests and to build /openapi.json.

const sku = z.string().trim().min(1).max(64);
/** A SKU in a path: the characters a URL segment carries without escaping. */
export const productSku = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, ".", "_" or "-"');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"');

/** Where an order ships; lat/lon are accepted from older clients but not used (see place-order.ts). */
export const shippingAddressBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().min(1).max(200).optional(),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().min(1).max(100).optional(),
  postalCode: z.string().trim().min(1).max(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "US"'),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{4,24}$/, 'must be a phone number such as "+1 212 555 0100"')
    .optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});
/**
 * How the customer pays, shared by orders, carts and payment retries: a card needs the provider's token
 * (kept in its vault, never in workflow history); a wallet or a bank transfer carries nothing, as the
 * customer completes it with the provider.
 */
export const paymentBody = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('card'), token: z.string().trim().min(1).max(100) }),
  z.strictObject({ method: z.literal('wallet') }),
  z.strictObject({ method: z.literal('bank_transfer') }),
]);
export type PaymentBody = z.infer<typeof paymentBody>;

/** Another way to pay after a decline (POST /v1/orders/:id/payment-attempts). */
export const paymentAttemptBody = z.strictObject({ payment: paymentBody });

// No customerId: it comes from the caller's credential, never from the body.
export const createOrderBody = z.strictObject({
  currency,
  lines: z
    .array(z.strictObject({ sku, quantity: z.number().int().min(1).max(1000) }))
    .min(1)
    .max(50),
  shippingAddress: shippingAddressBody,
  payment: paymentBody,
  allocationStrategy: z.enum(['nearest', 'optimal']).optional(),
});
export type CreateOrderBody = z.infer<typeof createOrderBody>;

export const cancelBody = z.strictObject({ reason: z.string().trim().max(200).optional() });

export const refundBody = z.strictObject({
  // No ':' so that a client id can never name one of the saga's own refunds (`<orderId>:compensation`).
  refundId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, ".", "_" or "-"')
    .optional(),
  amountMinor: z.number().int().min(1).optional(),
  reason: z.string().trim().max(200).optional(),
});

/** An id a client chooses: letters, digits, ".", "_", "-" (no ":", which the saga's own ids use). */
const clientId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, ".", "_" or "-"');

/** A refund application: whole lines bought (returned, or kept with `keepItems`), or an amount off. */
export const refundApplicationBody = z
  .strictObject({
    applicationId: clientId.optional(),
    lines: z
      .array(z.strictObject({ sku, quantity: z.number().int().min(1).max(1000) }))
      .min(1)
      .max(50)
      .optional(),
    amountMinor: z.number().int().min(1).max(100_000_000_00).optional(),
    keepItems: z.boolean().optional(),
    reason: z.enum(REFUND_REASONS),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.lines === undefined && body.amountMinor === undefined)
      ctx.addIssue({ code: 'custom', path: ['lines'], message: 'required unless amountMinor is given' });
    if (body.lines !== undefined && body.amountMinor !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['amountMinor'],
        message: 'not with lines: apply for one or the other',
      });
    if (body.keepItems !== undefined && !body.lines)
      ctx.addIssue({ code: 'custom', path: ['keepItems'], message: 'only goes with lines' });
  });
export type RefundApplicationBody = z.infer<typeof refundApplicationBody>;

/** Support's decision on a refund application; the reviewer is the caller. */
export const refundDecisionBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(500).optional(),
});

/** An application id in a path. */
export const applicationIdParam = clientId;

// No reviewer: it is the staff member whose credential made the request.
export const reviewBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(500).optional(),
});

export const carrierWebhookBody = z.strictObject({
  // The sender's own id for this event: a replay of the same signed request is dropped.
  eventId: z.string().trim().min(1).max(128),
  trackingNumber: z.string().trim().min(1).max(64),
  status: z.enum(CARRIER_STATUSES),
  /** The carrier's own words, for an exception ("address not found"). */
  detail: z.string().trim().min(1).max(200).optional(),
});

/** An id a client gives a change so that a repeat is a no-op (or the Idempotency-Key header). */
const changeId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, ".", "_" or "-"')
  .optional();

/** A new shipping address (PATCH replaces it whole), with an optional changeId. */
export const addressChangeBody = shippingAddressBody.extend({ changeId });

/** Remove a line, or lower its quantity (`quantity` is the new one, below the current). */
export const lineChangeBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('remove_line'), sku, changeId }),
  z.strictObject({
    type: z.literal('reduce_quantity'),
    sku,
    quantity: z.number().int().min(1).max(1000),
    changeId,
  }),
]);

/** Support's decision on a parcel the carrier reported lost. */
export const lostParcelBody = z.strictObject({
  decision: z.enum(['refund', 'reship']),
  note: z.string().trim().max(500).optional(),
});

export const listOrdersQuery = z.strictObject({
  customerId: z.string().trim().min(1).max(64).optional(),
  status: z
    .enum([
      'pending',
      'reserved',
      'in_review',
      'awaiting_payment',
      'paid',
      'shipped',
      'delivered',
      'completed',
      'cancelled',
      'rejected',
      'failed',
    ])
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const stockAlertsQuery = z.strictObject({
  sku: sku.optional(),
  severity: z.enum(['critical', 'warning']).optional(),
});

export const adjustmentBody = z.strictObject({
  // Or an Idempotency-Key header: one of the two makes a retry safe, so one is required.
  adjustmentId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'must be 1 to 100 letters, digits, ".", "_", ":" or "-"')
    .optional(),
  warehouseId: z.string().trim().min(1).max(64),
  sku,
  delta: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((n) => n !== 0, 'must not be 0'),
  reason: z.enum(ADJUSTMENT_REASONS),
  note: z.string().trim().max(500).optional(),
});

export const adjustmentsQuery = z.strictObject({
  sku: sku.optional(),
  warehouseId: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const productBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  priceMinor: z.number().int().min(1).max(100_000_000_00),
  currency,
});

export const auditQuery = z.strictObject({
  actor: z.string().trim().min(1).max(128).optional(),
  action: z.string().trim().min(1).max(64).optional(),
  targetType: z.enum(['order', 'inventory', 'product', 'customer', 'rate']).optional(),
  targetId: z.string().trim().min(1).max(200).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const chargebackFields = {
  amountMinor: z.number().int().min(1),
  reason: z.string().trim().max(200).optional(),
};

/** A confirmed chargeback reported by support (the provider's own report comes by webhook). */
export const chargebackBody = z.strictObject(chargebackFields);

const paymentEventFields = {
  eventId: z.string().trim().min(1).max(128),
  /** The provider's reference of the payment (for authorize-then-capture, of the authorization). */
  paymentReference: z.string().trim().min(1).max(100),
};

/**
 * What a payment provider reports: a confirmed chargeback, or an asynchronous payment's result
 * (`merchantReference` is the idempotency key we authorized under, `<orderId>:auth:<attempt>`).
 */
export const paymentWebhookBody = z.discriminatedUnion('type', [
  z.strictObject({ ...paymentEventFields, type: z.literal('chargeback.confirmed'), ...chargebackFields }),
  z.strictObject({
    ...paymentEventFields,
    type: z.enum(['payment.authorized', 'payment.failed', 'payment.pending']),
    merchantReference: z.string().trim().min(1).max(200).optional(),
    reason: z.string().trim().max(200).optional(),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  }),
]);

// Carts: the currency is fixed per cart; lines are named by SKU (one line per SKU).
export const createCartBody = z.strictObject({ currency });

export const cartLineBody = z.strictObject({ sku, quantity: z.number().int().min(1).max(1000) });

export const cartLineQuantityBody = z.strictObject({ quantity: z.number().int().min(1).max(1000) });

/** Totals for a payment method and a destination country (the customer's own by default). */
export const cartViewQuery = z.strictObject({
  paymentMethod: z.enum(PAYMENT_METHODS).optional(),
  shipTo: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "DE"')
    .optional(),
});

/** The order's address and payment, exactly as POST /v1/orders takes them. */
export const cartCheckoutBody = z.strictObject({
  shippingAddress: createOrderBody.shape.shippingAddress,
  payment: createOrderBody.shape.payment,
  allocationStrategy: createOrderBody.shape.allocationStrategy,
});

/** A price-list row (admin): the product's price in one currency, in that currency's minor units. */
export const productPriceBody = z.strictObject({ priceMinor: z.number().int().min(1).max(100_000_000_00) });

/** An exchange rate (admin): units of the target currency per unit of the source, as a decimal string. */
export const rateBody = z.strictObject({
  rate: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,9})?$/, 'must be a positive decimal string such as "0.92" (up to 9 decimals)')
    .refine((value) => /[1-9]/.test(value), 'must be above zero'),
  asOf: z.iso.datetime({ offset: true }).optional(),
});

/** A currency code in a path. */
export const currencyParam = currency;
