import type { Knex } from 'knex';
import type { RateUsed } from '../domain/checkout';
import { convertMinor } from '../domain/money';
import { ratesInto } from './exchange-rates';

/** A SKU's unit price in a currency: from its price list, or its base price converted at `rate`. */
export type UnitPrice =
  | { sku: string; unitPriceMinor: number; source: 'list'; rate?: undefined }
  | { sku: string; unitPriceMinor: number; source: 'converted'; rate: RateUsed };

/** What pricing a set of SKUs in one currency found: prices, unknown SKUs, and SKUs no rate converts. */
export interface PricedSkus {
  prices: Map<string, UnitPrice>;
  unknown: string[];
  /** SKUs with no price in the currency whose base currency has no rate into it, with that base currency. */
  unconvertible: { sku: string; from: string }[];
}

/**
 * Prices SKUs in a currency: the price-list row where there is one, else the product's base price converted
 * with convertMinor at the current rate (half to even at the target currency's exponent).
 */
export async function priceSkus(db: Knex, currency: string, skus: readonly string[]): Promise<PricedSkus> {
  const wanted = [...new Set(skus)];
  const products = await db('products')
    .leftJoin('product_prices', function joinPrice() {
      this.on('product_prices.sku', '=', 'products.sku').andOnVal('product_prices.currency', '=', currency);
    })
    .whereIn('products.sku', wanted)
    .select(
      'products.sku',
      'products.price_minor as base_minor',
      'products.currency as base_currency',
      'product_prices.price_minor as list_minor',
    );
  const toConvert = products.filter((p) => p.list_minor == null && p.base_currency !== currency);
  const rates = await ratesInto(
    db,
    toConvert.map((p) => p.base_currency as string),
    currency,
  );
  const result: PricedSkus = { prices: new Map(), unknown: [], unconvertible: [] };
  const bySku = new Map(products.map((p) => [p.sku as string, p]));
  for (const sku of wanted) {
    const product = bySku.get(sku);
    if (!product) {
      result.unknown.push(sku);
    } else if (product.list_minor != null) {
      result.prices.set(sku, { sku, unitPriceMinor: Number(product.list_minor), source: 'list' });
    } else if (product.base_currency === currency) {
      // A product created before price lists (or by a test) has only its base price.
      result.prices.set(sku, { sku, unitPriceMinor: Number(product.base_minor), source: 'list' });
    } else {
      const rate = rates.get(product.base_currency);
      if (!rate) {
        result.unconvertible.push({ sku, from: product.base_currency });
        continue;
      }
      const unitPriceMinor = convertMinor(Number(product.base_minor), rate.from, currency, rate.rate);
      result.prices.set(sku, { sku, unitPriceMinor, source: 'converted', rate });
    }
  }
  return result;
}

/** The distinct rates some prices used, in a stable order. */
export function ratesUsed(prices: Iterable<{ rate?: RateUsed | null }>): RateUsed[] {
  const found = new Map<string, RateUsed>();
  for (const { rate } of prices) if (rate) found.set(`${rate.from}>${rate.to}`, rate);
  return [...found.values()].sort((a, b) => `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`));
}
