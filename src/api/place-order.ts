import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { CheckoutInput } from '../domain/checkout';
import { insertOrder } from '../db/repos/orders.repo';
import { sumMinor } from '../domain/money';
import { OrderStatus } from '../domain/order-status';
import { CustomerIdKey, OrderIdKey, OrderStatusKey } from '../temporal/search-attributes';
import { checkoutWorkflowId } from '../temporal/workflow-ids';
import type { checkout } from '../../workflows';
import type { ApiDeps } from './deps';
import { conflict, invalid } from './http-errors';
import type { CreateOrderBody } from './schemas';

export interface PlacedOrder {
  orderId: string;
  workflowId: string;
  status: string;
}

const UNIQUE_VIOLATION = '23505';

/** A stable hash of the request body: the same key with a different body is a conflict. */
const hashBody = (body: CreateOrderBody) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/**
 * Validates an order against the catalog, records it and starts its checkout workflow. With an
 * Idempotency-Key, a repeat of the same request returns the first order and starts nothing new.
 */
export async function placeOrder(
  deps: ApiDeps,
  body: CreateOrderBody,
  idempotencyKey?: string,
): Promise<PlacedOrder> {
  const input = await priceOrder(deps, body, randomUUID());
  const requestHash = hashBody(body);
  let orderId = input.orderId;
  try {
    await insertOrder(deps.db, input, { idempotencyKey, requestHash });
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION || !idempotencyKey) throw error;
    const first = await deps
      .db('orders')
      .where({ idempotency_key: idempotencyKey })
      .first('id', 'request_hash', 'status');
    if (first.request_hash !== requestHash) {
      throw conflict('Idempotency-Key was already used with a different request body', 'Idempotency-Key');
    }
    orderId = first.id;
  }
  const workflowId = checkoutWorkflowId(orderId);
  try {
    // One run per order, ever. USE_EXISTING makes a repeat while it runs harmless (and starts one that a
    // crash kept from starting); REJECT_DUPLICATE keeps a repeat after it closed from starting a second
    // run, which would write `pending` over the final status and could charge again.
    await deps.temporal.workflow.start<typeof checkout>('checkout', {
      workflowId,
      taskQueue: deps.config.temporal.taskQueue,
      args: [{ ...input, orderId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: OrderIdKey, value: orderId },
        { key: CustomerIdKey, value: input.customerId },
        { key: OrderStatusKey, value: OrderStatus.pending },
      ],
      staticSummary: `Checkout ${orderId} for ${input.customerId}: ${input.lines.map((l) => `${l.quantity}× ${l.sku}`).join(', ')}`,
    });
  } catch (error) {
    // The order's one run has already closed: the repeat is answered with what that run left.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const row = await deps.db('orders').where({ id: orderId }).first('status');
  return { orderId, workflowId, status: row.status };
}

/** Checks the customer, SKUs and currency against the database and prices each line. */
export async function priceOrder(
  deps: ApiDeps,
  body: CreateOrderBody,
  orderId: string,
): Promise<CheckoutInput> {
  const customer = await deps.db('customers').where({ id: body.customerId }).first('id');
  if (!customer) throw invalid('customerId', `unknown customer "${body.customerId}"`);
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
  const { lat, lon } = body.shippingAddress;
  if ((lat === undefined) !== (lon === undefined)) {
    throw invalid(
      lat === undefined ? 'shippingAddress.lat' : 'shippingAddress.lon',
      'lat and lon go together',
    );
  }
  return {
    orderId,
    customerId: body.customerId,
    currency: body.currency,
    lines,
    totalMinor: sumMinor(lines.map((l) => l.quantity * l.unitPriceMinor)),
    shippingAddress: body.shippingAddress,
    payment: body.payment,
    allocationStrategy: body.allocationStrategy ?? deps.config.checkout.allocationStrategy,
    timeouts: {
      reviewTimeoutMs: deps.config.checkout.reviewTimeoutMs,
      autoConfirmAfterMs: deps.config.checkout.autoConfirmAfterMs,
      returnWindowMs: deps.config.checkout.returnWindowMs,
    },
  };
}
