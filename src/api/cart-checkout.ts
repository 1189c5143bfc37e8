import type { z } from 'zod';
import { markCheckedOut, type Cart } from '../carts/carts.repo';
import type { PricedLine } from '../domain/checkout';
import { formatMoney } from '../domain/money';
import { orderPricing, subtotalOf } from '../pricing/order-pricing';
import { priceSkus, ratesUsed } from '../pricing/price-lines';
import { quoteShipping } from '../pricing/shipping-quote';
import { checkoutWorkflowId } from '../temporal/workflow-ids';
import type { ApiDeps } from './deps';
import { conflict, invalid } from './http-errors';
import { requestHash } from './idempotency';
import {
  baseRateOf,
  checkoutInputOf,
  orderIdForKey,
  scopedIdempotencyKey,
  shippingAddressOf,
  startCheckout,
  type PlacedOrder,
} from './place-order';
import type { cartCheckoutBody } from './schemas';

/**
 * A 409 naming the first line whose price moved since it was added (or that can no longer be priced in the
 * cart's currency): the customer sees the new price before paying it.
 */
async function recheckPrices(deps: ApiDeps, cart: Cart): Promise<void> {
  const current = await priceSkus(
    deps.db,
    cart.currency,
    cart.lines.map((l) => l.sku),
  );
  cart.lines.forEach((line, index) => {
    const now = current.prices.get(line.sku);
    if (now?.unitPriceMinor === line.unitPriceMinor) return;
    const was = formatMoney(line.unitPriceMinor, cart.currency);
    throw conflict(
      now
        ? `the price of ${line.sku} changed from ${was} to ${formatMoney(now.unitPriceMinor, cart.currency)}; update the line to accept it`
        : `${line.sku} can no longer be priced in ${cart.currency}; remove the line`,
      `lines[${index}]`,
    );
  });
}

/**
 * Checks out an open, unexpired cart through the same path as POST /v1/orders (startCheckout). The order id
 * is derived from the cart, so a cart becomes at most one order whatever the keys; a repeat with the same
 * Idempotency-Key answers that order, any other request on a checked-out cart is a 409. The total is the
 * amount due for the request's payment method, with shipping to its address.
 */
export async function checkoutCart(
  deps: ApiDeps,
  cart: Cart,
  body: z.infer<typeof cartCheckoutBody>,
  rawIdempotencyKey: string | undefined,
): Promise<PlacedOrder> {
  const idempotencyKey =
    rawIdempotencyKey === undefined ? undefined : scopedIdempotencyKey(cart.customerId, rawIdempotencyKey);
  if (cart.status === 'checked_out') {
    if (idempotencyKey && cart.checkoutKey === idempotencyKey && cart.orderId) {
      const row = await deps.db('orders').where({ id: cart.orderId }).first('status');
      return { orderId: cart.orderId, workflowId: checkoutWorkflowId(cart.orderId), status: row?.status };
    }
    throw conflict(`cart ${cart.cartId} was checked out as order ${cart.orderId}; it cannot change`);
  }
  const shippingAddress = shippingAddressOf(body.shippingAddress);
  if (cart.lines.length === 0) throw conflict('the cart has no lines to check out', 'lines');
  await recheckPrices(deps, cart);
  const base = await baseRateOf(deps, cart.currency);
  const lines: PricedLine[] = cart.lines.map(({ sku, quantity, unitPriceMinor }) => ({
    sku,
    quantity,
    unitPriceMinor,
  }));
  const shipping = await quoteShipping(deps.db, cart.currency, shippingAddress.country, subtotalOf(lines));
  if (!shipping) throw invalid('currency', `no shipping rate in ${cart.currency}`);
  const pricing = orderPricing({
    currency: cart.currency,
    lines,
    shippingMinor: shipping.shippingMinor,
    method: body.payment.method,
    rates: ratesUsed([...cart.lines, shipping]),
    base,
  });
  const orderId = orderIdForKey(`cart:${cart.cartId}`);
  const input = checkoutInputOf(deps, {
    orderId,
    customerId: cart.customerId,
    currency: cart.currency,
    lines,
    shippingAddress,
    payment: body.payment,
    allocationStrategy: body.allocationStrategy,
    pricing,
  });
  const placed = await startCheckout(deps, input, body.payment, {
    idempotencyKey,
    requestHash: requestHash({ cartId: cart.cartId, ...body }),
  });
  await markCheckedOut(deps.db, cart.cartId, { orderId, checkoutKey: idempotencyKey });
  return placed;
}
