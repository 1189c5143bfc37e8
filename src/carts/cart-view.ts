import type { Knex } from 'knex';
import { formatMoney } from '../domain/money';
import { amountDue, type PaymentMethodKind } from '../domain/payment-methods';
import { subtotalOf } from '../pricing/order-pricing';
import { quoteShipping } from '../pricing/shipping-quote';
import { availableUnits, type Cart } from './carts.repo';

/** When an open cart expires: its last change plus the idle timeout. */
export const expiresAt = (cart: Cart, idleMs: number): Date =>
  new Date(new Date(cart.lastActivityAt).getTime() + idleMs);

/** An open cart untouched for the idle timeout; a checked-out cart never expires (it stays readable). */
export const isExpired = (cart: Cart, idleMs: number, now = new Date()): boolean =>
  cart.status === 'open' && expiresAt(cart, idleMs) <= now;

/**
 * A cart as the API shows it: lines with their totals and available units (across warehouses; a cart
 * reserves nothing), and totals for a payment method and destination: lines, shipping, the method's
 * surcharge or discount and the amount due (amountDue), each also formatted with the currency's exponent.
 */
export async function cartView(
  db: Knex,
  cart: Cart,
  options: { paymentMethod: PaymentMethodKind; shipTo: string; idleMs: number },
) {
  const skus = cart.lines.map((l) => l.sku);
  const [available, products] = await Promise.all([
    availableUnits(db, skus),
    skus.length ? db('products').whereIn('sku', skus).select('sku', 'name') : [],
  ]);
  const names = new Map(products.map((p: { sku: string; name: string }) => [p.sku, p.name]));
  const subtotalMinor = subtotalOf(cart.lines);
  // The currency was checked when the cart was made; a rate removed since leaves shipping unquoted.
  const shipping = cart.lines.length
    ? await quoteShipping(db, cart.currency, options.shipTo, subtotalMinor)
    : null;
  const due = amountDue({
    currency: cart.currency,
    subtotalMinor,
    shippingMinor: shipping?.shippingMinor ?? 0,
    method: options.paymentMethod,
  });
  const format = (minor: number) => formatMoney(minor, cart.currency);
  return {
    cartId: cart.cartId,
    customerId: cart.customerId,
    currency: cart.currency,
    status: cart.status,
    orderId: cart.orderId,
    createdAt: cart.createdAt,
    lastActivityAt: cart.lastActivityAt,
    expiresAt: cart.status === 'open' ? expiresAt(cart, options.idleMs).toISOString() : null,
    lines: cart.lines.map((line) => {
      const units = available.get(line.sku) ?? 0;
      return {
        sku: line.sku,
        name: names.get(line.sku) ?? null,
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        lineTotalMinor: line.quantity * line.unitPriceMinor,
        priceSource: line.priceSource,
        rate: line.rate,
        addedAt: line.addedAt,
        availableUnits: units,
        inStock: units >= line.quantity,
      };
    }),
    totals: {
      ...due,
      paymentMethod: options.paymentMethod,
      shipTo: options.shipTo,
      freeShippingFromMinor: shipping?.freeFromMinor ?? null,
      display: {
        subtotal: format(due.subtotalMinor),
        shipping: format(due.shippingMinor),
        methodFee: format(due.methodFeeMinor),
        amountDue: format(due.amountDueMinor),
      },
    },
  };
}
