import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CheckoutInput, OrderPayment, OrderPricing, PricedLine, RateUsed } from '../domain/checkout';
import { insertOrder } from '../db/repos/orders.repo';
import { markdownText } from '../domain/markdown-text';
import { registerOrderOwner } from '../codec/order-owners.repo';
import { vaultCard } from '../payments/sandbox-card-vault';
import { isKnownCurrency } from '../domain/money';
import { settleInOrder } from '../domain/settle-in-order';
import { postalCodeProblem } from '../algorithms/postal-centroids';
import { DEFAULT_COMMERCE } from '../config';
import { findRate } from '../pricing/exchange-rates';
import { orderPricing } from '../pricing/order-pricing';
import { priceSkus, ratesUsed } from '../pricing/price-lines';
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
 * Validates an order against the catalog, prices it in its currency and starts its checkout (see
 * startCheckout). With an Idempotency-Key, the order id is derived from the customer's key, so a repeat
 * finds the same run, and a repeat with a different body is a 409. The customer is the caller's.
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
  const input = await priceOrder(deps, customerId, body, orderId);
  return startCheckout(deps, input, body.payment, { idempotencyKey, requestHash: hash });
}

/**
 * Starts a priced order's checkout workflow, then records the row: the one path of POST /v1/orders and
 * cart checkout. The workflow comes first, so a row never exists without its run: if we crash in between,
 * the run's own first step writes the row. A repeat with the same key finds the same run (its memo must
 * hold the same request hash).
 */
export async function startCheckout(
  deps: ApiDeps,
  priced: CheckoutInput,
  payment: CreateOrderBody['payment'],
  key: { idempotencyKey: string | undefined; requestHash: string },
): Promise<PlacedOrder> {
  const { orderId } = priced;
  const { idempotencyKey, requestHash: hash } = key;
  // Before the run starts: the codec encrypts its payloads with the owner's key, and the workflow carries
  // the vault's reference, never the card token (see README, "Encrypted histories").
  // Side by side: two independent inserts, and the customer's payload key. A card vaulted for an order id
  // that turns out to be another customer's is never used (that request is refused), and a repeat finds
  // the same vault row.
  const [owned, orderPayment] = await settleInOrder([
    registerOrderOwner(deps.db, orderId, priced.customerId),
    paymentOfOrder(deps, orderId, payment),
    deps.payloadKeys.prepareCustomer(priced.customerId),
  ] as const);
  if (!owned) throw keyReused();
  deps.payloadKeys.knowOwner(orderId, priced.customerId);
  const input: CheckoutInput = { ...priced, payment: orderPayment };
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
  if (await insertOrder(deps.db, input, { ifMissing: true, idempotencyKey, requestHash: hash }))
    return { orderId, workflowId, status: OrderStatus.pending };
  if (idempotencyKey) {
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

/** A 400 naming `currency` unless it is a known ISO 4217 code with a rate into the base currency. */
export async function baseRateOf(deps: ApiDeps, currency: string): Promise<RateUsed> {
  if (!isKnownCurrency(currency)) throw invalid('currency', `${currency} is not an ISO 4217 currency`);
  const baseCurrency = (deps.config.commerce ?? DEFAULT_COMMERCE).baseCurrency;
  const base = await findRate(deps.db, currency, baseCurrency);
  if (!base) throw invalid('currency', `no exchange rate from ${currency} to ${baseCurrency}`);
  return base;
}

/**
 * A shipping address as the workflow gets it: lat/lon are still accepted (older clients send them) but go
 * no further, since the worker derives the location from the postal code, so a client cannot place itself
 * next to a warehouse or its usual place. Postal codes of checked countries (DE, GB, JP) must fit.
 */
export function shippingAddressOf(address: CreateOrderBody['shippingAddress'], field = 'shippingAddress') {
  const { lat, lon, ...shippingAddress } = address;
  if ((lat === undefined) !== (lon === undefined)) {
    throw invalid(lat === undefined ? `${field}.lat` : `${field}.lon`, 'lat and lon go together');
  }
  const problem = postalCodeProblem(address.country, address.postalCode);
  if (problem) throw invalid(`${field}.postalCode`, problem);
  return shippingAddress;
}

/** The customer's account, or a 403: the id comes from a valid token, so it is an account not set up here. */
export async function requireCustomer(deps: ApiDeps, customerId: string): Promise<void> {
  const customer = await deps.db('customers').where({ id: customerId }).first('id');
  if (!customer) throw forbidden(`customer ${customerId} has no account here`);
}

/** A priced order as its workflow takes it: the run's timeouts and limits come from the configuration. */
export function checkoutInputOf(
  deps: ApiDeps,
  order: Pick<CheckoutInput, 'orderId' | 'customerId' | 'currency' | 'lines' | 'shippingAddress'> & {
    payment: CreateOrderBody['payment'];
    allocationStrategy?: CheckoutInput['allocationStrategy'];
    pricing: OrderPricing;
  },
): CheckoutInput {
  return {
    ...order,
    totalMinor: order.pricing.amountDueMinor,
    allocationStrategy: order.allocationStrategy ?? deps.config.checkout.allocationStrategy,
    historyLimit: deps.config.checkout.historyLimit,
    refundAutoApproveLimits: deps.config.checkout.refundAutoApproveLimits,
    timeouts: {
      reviewTimeoutMs: deps.config.checkout.reviewTimeoutMs,
      autoConfirmAfterMs: deps.config.checkout.autoConfirmAfterMs,
      returnWindowMs: deps.config.checkout.returnWindowMs,
      deliverySlaMs: deps.config.checkout.deliverySlaMs,
      refundDecisionSlaMs: deps.config.checkout.refundDecisionSlaMs,
      paymentDeadlineMs: deps.config.checkout.paymentDeadlineMs,
      paymentRetryWindowMs: deps.config.checkout.paymentRetryWindowMs,
    },
  };
}

/**
 * Checks the customer, SKUs and currency against the database and prices each line in the order's
 * currency: its price list, or the base price converted at the current rate. The order's total is the
 * amount due for its payment method; this route charges no shipping (carts do).
 */
export async function priceOrder(
  deps: ApiDeps,
  customerId: string,
  body: CreateOrderBody,
  orderId: string,
): Promise<CheckoutInput> {
  // Three independent reads side by side; their errors keep this order (account, currency, lines).
  const [, base, priced] = await settleInOrder([
    requireCustomer(deps, customerId),
    baseRateOf(deps, body.currency),
    priceSkus(
      deps.db,
      body.currency,
      body.lines.map((l) => l.sku),
    ),
  ] as const);
  const lines: PricedLine[] = body.lines.map((line, index) => {
    const price = priced.prices.get(line.sku);
    if (price) return { sku: line.sku, quantity: line.quantity, unitPriceMinor: price.unitPriceMinor };
    const unconvertible = priced.unconvertible.find((u) => u.sku === line.sku);
    if (unconvertible)
      throw invalid(
        'currency',
        `${line.sku} has no ${body.currency} price and no rate from ${unconvertible.from}`,
      );
    throw invalid(`lines[${index}].sku`, `unknown sku "${line.sku}"`);
  });
  const shippingAddress = shippingAddressOf(body.shippingAddress);
  const pricing = orderPricing({
    currency: body.currency,
    lines,
    shippingMinor: 0,
    method: body.payment.method,
    rates: ratesUsed(priced.prices.values()),
    base,
  });
  return checkoutInputOf(deps, {
    orderId,
    customerId,
    currency: body.currency,
    lines,
    shippingAddress,
    payment: body.payment,
    allocationStrategy: body.allocationStrategy,
    pricing,
  });
}
