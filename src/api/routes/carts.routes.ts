import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import type { Knex } from 'knex';
import { callerOf } from '../../auth/authenticate';
import {
  addCartLine,
  insertCart,
  loadCart,
  removeCartLine,
  setCartLineQuantity,
  type Cart,
} from '../../carts/carts.repo';
import { cartView, expiresAt, isExpired } from '../../carts/cart-view';
import { DEFAULT_COMMERCE } from '../../config';
import { priceSkus } from '../../pricing/price-lines';
import { quoteShipping } from '../../pricing/shipping-quote';
import { allow } from '../access-policy';
import { checkoutCart } from '../cart-checkout';
import type { ApiDeps } from '../deps';
import { conflict, HttpError, invalid, notFound, parse } from '../http-errors';
import { idempotencyKeyOf } from '../idempotency';
import { baseRateOf, requireCustomer } from '../place-order';
import {
  cartCheckoutBody,
  cartLineBody,
  cartLineQuantityBody,
  cartViewQuery,
  createCartBody,
  productSku,
} from '../schemas';

/**
 * Server-side carts (rows in PostgreSQL): made by a customer in one currency, lines priced when added,
 * totals on read, checkout through the same path as POST /v1/orders. A customer reaches only their own
 * carts (another's answers 404); staff may read any.
 */
export function cartsRouter(deps: ApiDeps): Router {
  const router = Router();
  const idleMs = (deps.config.commerce ?? DEFAULT_COMMERCE).cartIdleTimeoutMs;

  /** The caller's cart (any cart for staff), or a 404; an expired one is a 410 saying so. */
  async function cartOf(res: Response, cartId: string, lock?: Knex.Transaction) {
    const caller = callerOf(res);
    const cart = await loadCart(lock ?? deps.db, cartId, lock !== undefined);
    if (!cart || (caller.customerId !== undefined && cart.customerId !== caller.customerId))
      throw notFound(`cart ${cartId}`);
    if (isExpired(cart, idleMs))
      throw new HttpError(
        410,
        'cart_expired',
        `cart ${cartId} expired at ${expiresAt(cart, idleMs).toISOString()} after ${idleMs / 1000} s without changes (CART_IDLE_TIMEOUT); it cannot be changed or checked out, start a new cart`,
      );
    return cart;
  }

  /** Runs a change on the caller's open cart under its row lock; a checked-out cart is a 409. */
  async function change(
    res: Response,
    cartId: string,
    apply: (cart: Cart, trx: Knex.Transaction) => Promise<void>,
  ) {
    await deps.db.transaction(async (trx) => {
      const cart = await cartOf(res, cartId, trx);
      if (cart.status !== 'open')
        throw conflict(`cart ${cartId} was checked out as order ${cart.orderId}; it cannot change`);
      await apply(cart, trx);
    });
  }

  async function sendView(res: Response, cart: Cart, query: unknown, status = 200) {
    const { paymentMethod = 'card', shipTo } = parse(cartViewQuery, query, 'query');
    const home = await deps.db('customers').where({ id: cart.customerId }).first('country');
    res
      .status(status)
      .json(
        await cartView(deps.db, cart, { paymentMethod, shipTo: shipTo ?? home?.country ?? 'US', idleMs }),
      );
  }

  router.post('/', allow('POST /v1/carts'), async (req, res) => {
    const { currency } = parse(createCartBody, req.body);
    const customerId = callerOf(res).customerId!;
    await requireCustomer(deps, customerId);
    await baseRateOf(deps, currency);
    // Shipping must be quotable in the currency (its own rates, or USD's at a rate); any country will do.
    if (!(await quoteShipping(deps.db, currency, 'US', 0)))
      throw invalid('currency', `no shipping rate in ${currency}`);
    const cartId = randomUUID();
    await insertCart(deps.db, { cartId, customerId, currency });
    await sendView(res, (await loadCart(deps.db, cartId))!, {}, 201);
  });

  router.get('/:id', allow('GET /v1/carts/{id}'), async (req, res) => {
    await sendView(res, await cartOf(res, String(req.params.id)), req.query);
  });

  /** Adds a line priced now (its price list, or the base price converted), or adds to the SKU's line. */
  router.post('/:id/lines', allow('POST /v1/carts/{id}/lines'), async (req, res) => {
    const body = parse(cartLineBody, req.body);
    const cartId = String(req.params.id);
    await change(res, cartId, async (cart, trx) => {
      const priced = await priceSkus(trx, cart.currency, [body.sku]);
      const price = priced.prices.get(body.sku);
      if (!price) {
        if (priced.unknown.length) throw invalid('sku', `unknown sku "${body.sku}"`);
        throw invalid('sku', `${body.sku} has no ${cart.currency} price and no rate to convert one`);
      }
      const existing = cart.lines.find((l) => l.sku === body.sku)?.quantity ?? 0;
      if (existing + body.quantity > 1000)
        throw invalid('quantity', `a line holds at most 1000 units (${existing} already in the cart)`);
      await addCartLine(trx, cartId, {
        sku: body.sku,
        quantity: body.quantity,
        unitPriceMinor: price.unitPriceMinor,
        priceSource: price.source,
        rate: price.rate ?? null,
      });
    });
    await sendView(res, (await loadCart(deps.db, cartId))!, req.query, 201);
  });

  router.patch('/:id/lines/:sku', allow('PATCH /v1/carts/{id}/lines/{sku}'), async (req, res) => {
    const { quantity } = parse(cartLineQuantityBody, req.body);
    const sku = parse(productSku, req.params.sku, 'sku');
    const cartId = String(req.params.id);
    await change(res, cartId, async (_cart, trx) => {
      if (!(await setCartLineQuantity(trx, cartId, sku, quantity)))
        throw notFound(`line ${sku} in cart ${cartId}`);
    });
    await sendView(res, (await loadCart(deps.db, cartId))!, req.query);
  });

  router.delete('/:id/lines/:sku', allow('DELETE /v1/carts/{id}/lines/{sku}'), async (req, res) => {
    const sku = parse(productSku, req.params.sku, 'sku');
    const cartId = String(req.params.id);
    await change(res, cartId, async (_cart, trx) => {
      if (!(await removeCartLine(trx, cartId, sku))) throw notFound(`line ${sku} in cart ${cartId}`);
    });
    await sendView(res, (await loadCart(deps.db, cartId))!, req.query);
  });

  router.post('/:id/checkout', allow('POST /v1/carts/{id}/checkout'), async (req, res) => {
    const body = parse(cartCheckoutBody, req.body);
    const key = idempotencyKeyOf(req);
    const cart = await cartOf(res, String(req.params.id));
    res.status(202).json(await checkoutCart(deps, cart, body, key));
  });

  return router;
}
