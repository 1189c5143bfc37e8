import { z } from 'zod';

// The answer of GET /v1/orders/{id}/payment, for the OpenAPI document (built by src/db/repos/payment-view.repo.ts).

const money = z.number().int().describe('minor units of `amounts.currency`');
const action = z.union([
  z.object({ type: z.literal('three_d_secure'), url: z.url() }),
  z.object({ type: z.literal('redirect'), url: z.url() }).describe('a wallet: send the customer there'),
  z.object({
    type: z.literal('bank_transfer'),
    reference: z.string().describe('to quote with the transfer'),
    accountName: z.string(),
    iban: z.string(),
    amountMinor: money,
    currency: z.string(),
  }),
  z
    .object({ type: z.literal('retry'), reason: z.string(), until: z.iso.datetime() })
    .describe('declined: pay another way (POST /v1/orders/{id}/payment-attempts) until `until`'),
]);
const reference = z.string().nullable().describe('the provider reference (staff only)');

export const paymentViewSchema = z.object({
  orderId: z.uuid(),
  orderStatus: z.string(),
  state: z
    .enum([
      'none',
      'pending',
      'action_required',
      'declined',
      'authorized',
      'partially_captured',
      'captured',
      'voided',
      'partially_refunded',
      'refunded',
    ])
    .describe('where the payment stands'),
  method: z.enum(['card', 'wallet', 'bank_transfer']).nullable(),
  requiredAction: action.nullable().describe('what the customer must do now, if anything'),
  amounts: z.object({
    currency: z.string(),
    dueMinor: money,
    authorizedMinor: money.describe('held by the current authorization'),
    capturedMinor: money,
    voidedMinor: money.describe('released without being captured'),
    refundedMinor: money,
  }),
  attempts: z.array(
    z.object({
      attempt: z.number().int(),
      method: z.string(),
      status: z.enum(['pending', 'action_required', 'authorized', 'declined', 'voided']),
      amountMinor: money,
      reference: reference.optional(),
      declineReason: z.string().nullable(),
      expiresAt: z.iso.datetime().nullable(),
      renews: z.number().int().nullable().describe('the attempt a re-authorization renews'),
      createdAt: z.iso.datetime().nullable(),
    }),
  ),
  captures: z.array(
    z.object({
      shipmentId: z.string(),
      amountMinor: money,
      status: z.string(),
      reference: reference.optional(),
    }),
  ),
  voids: z.array(
    z.object({
      attempt: z.number().int(),
      releasedMinor: money,
      status: z.string(),
      reference: reference.optional(),
    }),
  ),
  refunds: z.array(
    z.object({
      refundId: z.string(),
      amountMinor: money,
      status: z.string(),
      reference: reference.optional(),
    }),
  ),
});
