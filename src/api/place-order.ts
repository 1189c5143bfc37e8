import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CheckoutInput, OrderPayment } from '../domain/checkout';
import { amountDue } from '../domain/payment-methods';
import { insertOrder } from '../db/repos/orders.repo';
import { markdownText } from '../domain/markdown-text';
import { registerOrderOwner } from '../codec/order-owners.repo';
import { vaultCard } from '../payments/sandbox-card-vault';
import { sumMinor } from '../domain/money';
import { OrderStatus } from '../domain/order-status';
import {
  CurrencyKey,
  CustomerIdKey,
  OrderIdKey,
  OrderStatusKey,
  OrderTotalKey,
  SkuKey,
} from '../temporal/search-attributes';
import { checkoutWorkflowId } from '../temporal/workflow-ids';
import type { checkout } from '../../workflows';
import type { ApiDeps } from './deps';
import { requestHash } from './idempotency';
import { forbidden } from '../auth/authenticate';
import { conflict, invalid } from './http-errors';
import type { CreateOrderBody, PaymentBody } from './schemas';

export interface PlacedOrder {
  orderId: string;
  workflowId: string;
  status: string;
}

/** The order id an Idempotency-Key stands for: the same key always names the same order (and run). */
export function orderIdForKey(key: string): string {
  const hex = createHash('sha256').update(`order:${key}`).digest('hex');
  // Shaped as a version 5 (name-based), variant 1 UUID.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * An Idempotency-Key as stored: scoped to the customer, so two customers' keys never meet (one could
 * otherwise learn of, or be answered with, the other's order). Hashed, so any key fits the column.
 */
export const scopedIdempotencyKey = (customerId: string, key: string) =>
  createHash('sha256').update(`${customerId}\n${key}`).digest('hex');

/**
 * Validates an order against the catalog, starts its checkout workflow, then records the row. The
 * workflow comes first, so a row never exists without its run: if we crash in between, the run's own
 * first step writes the row. With an Idempotency-Key, the order id is derived from the customer's key, so
 * a repeat finds the same run, and a repeat with a different body is a 409. The customer is the caller's.
 */
export async function placeOrder(
  deps: ApiDeps,
  customerId: string,
  body: CreateOrderBody,
  rawIdempotencyKey?: string,
): Promise<PlacedOrder> {
  const hash = requestHash(body);
  const idempotencyKey =
    rawIdempotencyKey === undefined ? undefined : scopedIdempotencyKey(customerId, rawIdempotencyKey);
  if (rawIdempotencyKey !== undefined && idempotencyKey !== undefined) {
    // Orders placed before keys were scoped stored the key itself.
    const earlier = await deps
      .db('orders')
      .whereIn('idempotency_key', [idempotencyKey, rawIdempotencyKey])
      .andWhere({ customer_id: customerId })
      .first('id', 'request_hash', 'status');
    if (earlier) {
      if (earlier.request_hash !== hash) throw keyReused();
      return { orderId: earlier.id, workflowId: checkoutWorkflowId(earlier.id), status: earlier.status };
    }
  }
  const orderId = idempotencyKey ? orderIdForKey(idempotencyKey) : randomUUID();
  const priced = await priceOrder(deps, customerId, body, orderId);
  // Before the run starts: the codec encrypts its payloads with the owner's key, and the workflow carries
  // the vault's reference, never the card token (see README, "Encrypted histories").
  if (!(await registerOrderOwner(deps.db, orderId, priced.customerId))) throw keyReused();
  const input: CheckoutInput = { ...priced, payment: await paymentOfOrder(deps, orderId, body.payment) };
  const workflowId = checkoutWorkflowId(orderId);
  const handle = deps.temporal.workflow.getHandle(workflowId);
  try {
    // One run per order, ever. USE_EXISTING makes a repeat while it runs harmless; REJECT_DUPLICATE keeps a
    // repeat after it closed from starting a second run, which would write `pending` over the final
    // status and could charge again.
    await deps.temporal.workflow.start<typeof checkout>('checkout', {
      workflowId,
      taskQueue: deps.config.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      memo: { requestHash: hash },
      typedSearchAttributes: [
        { key: OrderIdKey, value: orderId },
        { key: CustomerIdKey, value: input.customerId },
        { key: OrderStatusKey, value: OrderStatus.pending },
        { key: OrderTotalKey, value: input.totalMinor },
        { key: CurrencyKey, value: input.currency },
        { key: SkuKey, value: [...new Set(input.lines.map((line) => line.sku))] },
      ],
      staticSummary: `Checkout ${orderId} for ${markdownText(input.customerId)}: ${input.lines.map((l) => `${l.quantity}× ${markdownText(l.sku)}`).join(', ')}`,
    });
  } catch (error) {
    // The order's one run has already closed: the repeat is answered with what that run left.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  // The run that exists may be another request's with the same key: it must have had this body.
  if (idempotencyKey && (await handle.describe()).memo?.requestHash !== hash) throw keyReused();
  if (
    !(await insertOrder(deps.db, input, { ifMissing: true, idempotencyKey, requestHash: hash })) &&
    idempotencyKey
  ) {
    // The run's own first step wrote the row before us; give it the key, so a repeat is found by it.
    await deps
      .db('orders')
      .where({ id: orderId })
      .whereNull('idempotency_key')
      .update({ idempotency_key: idempotencyKey, request_hash: hash });
  }
  const row = await deps.db('orders').where({ id: orderId }).first('status');
  return { orderId, workflowId, status: row.status };
}

/**
 * The payment as the workflow carries it: a card by its vault reference (stored now; a retry's card under its
 * own `retryId`), never its token; a wallet or a bank transfer as is.
 */
export async function paymentOfOrder(
  deps: Pick<ApiDeps, 'db'>,
  orderId: string,
  payment: PaymentBody,
  retryId?: string,
): Promise<OrderPayment> {
  if (payment.method !== 'card') return { method: payment.method };
  return { method: 'card', vaultRef: await vaultCard(deps.db, orderId, payment.token, retryId) };
}

const keyReused = () =>
  conflict('Idempotency-Key was already used with a different request body', 'Idempotency-Key');

/** Checks the customer, SKUs and currency against the database and prices each line. */
export async function priceOrder(
  deps: ApiDeps,
  customerId: string,
  body: CreateOrderBody,
  orderId: string,
): Promise<CheckoutInput> {
  const customer = await deps.db('customers').where({ id: customerId }).first('id');
  // The id comes from a valid token, so an unknown one is an account the shop has not set up: a 403.
  if (!customer) throw forbidden(`customer ${customerId} has no account here`);
  const products = await deps.db('products').whereIn(
    'sku',
    body.lines.map((l) => l.sku),
  );
  const bySku = new Map(products.map((p) => [p.sku as string, p]));
  const lines = body.lines.map((line, index) => {
    const product = bySku.get(line.sku);
    if (!product) throw invalid(`lines[${index}].sku`, `unknown sku "${line.sku}"`);
    if (product.currency !== body.currency) {
      throw invalid('currency', `${line.sku} is sold in ${product.currency}, not ${body.currency}`);
    }
    return { sku: line.sku, quantity: line.quantity, unitPriceMinor: Number(product.price_minor) };
  });
  // lat/lon are still accepted (older clients send them) but go no further: the worker derives the
  // location from the postal code, so a client cannot place itself next to a warehouse or its usual place.
  const { lat, lon, ...shippingAddress } = body.shippingAddress;
  if ((lat === undefined) !== (lon === undefined)) {
    throw invalid(
      lat === undefined ? 'shippingAddress.lat' : 'shippingAddress.lon',
      'lat and lon go together',
    );
  }
  return {
    orderId,
    customerId,
    currency: body.currency,
    lines,
    // The amount charged is the amount due for the method (its surcharge or discount, rounded per currency).
    totalMinor: amountDue({
      currency: body.currency,
      subtotalMinor: sumMinor(lines.map((l) => l.quantity * l.unitPriceMinor)),
      shippingMinor: 0,
      method: body.payment.method,
    }).amountDueMinor,
    shippingAddress,
    payment: body.payment.method === 'card' ? body.payment : { method: body.payment.method },
    allocationStrategy: body.allocationStrategy ?? deps.config.checkout.allocationStrategy,
    historyLimit: deps.config.checkout.historyLimit,
    timeouts: {
      reviewTimeoutMs: deps.config.checkout.reviewTimeoutMs,
      autoConfirmAfterMs: deps.config.checkout.autoConfirmAfterMs,
      returnWindowMs: deps.config.checkout.returnWindowMs,
      deliverySlaMs: deps.config.checkout.deliverySlaMs,
      paymentDeadlineMs: deps.config.checkout.paymentDeadlineMs,
      paymentRetryWindowMs: deps.config.checkout.paymentRetryWindowMs,
    },
  };
}
