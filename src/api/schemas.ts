import { z } from 'zod';
import { CARRIER_STATUSES } from '../../workflows/checkout.messages';

// Request bodies: one zod schema each, used to validate requests and to build /openapi.json.

const sku = z.string().trim().min(1).max(64);
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"');

export const createOrderBody = z.strictObject({
  customerId: z.string().trim().min(1).max(64),
  currency,
  lines: z
    .array(z.strictObject({ sku, quantity: z.number().int().min(1).max(1000) }))
    .min(1)
    .max(50),
  shippingAddress: z.strictObject({
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
  }),
  payment: z.strictObject({ method: z.literal('card'), token: z.string().trim().min(1).max(100) }),
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

export const reviewBody = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reviewer: z.string().trim().min(1).max(100),
  note: z.string().trim().max(500).optional(),
});

export const carrierWebhookBody = z.strictObject({
  trackingNumber: z.string().trim().min(1).max(64),
  status: z.enum(CARRIER_STATUSES),
});

export const restockBody = z.strictObject({ quantity: z.number().int().min(1).max(1_000_000) });

export const listOrdersQuery = z.strictObject({
  customerId: z.string().trim().min(1).max(64).optional(),
  status: z
    .enum([
      'pending',
      'reserved',
      'in_review',
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
