import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes that let support staff find an order's run in the Temporal UI. */
export const OrderIdKey = defineSearchAttributeKey('OrderId', SearchAttributeType.KEYWORD);
export const CustomerIdKey = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const OrderStatusKey = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
/** Set, with a short reason, when an order needs a person: a lost parcel, a job that kept failing. */
export const NeedsAttentionKey = defineSearchAttributeKey('NeedsAttention', SearchAttributeType.KEYWORD);

/** Set once, when the run starts (from the client, so no workflow change): the order's total in minor units. */
export const OrderTotalKey = defineSearchAttributeKey('OrderTotal', SearchAttributeType.INT);
export const CurrencyKey = defineSearchAttributeKey('Currency', SearchAttributeType.KEYWORD);
/** Every SKU the order holds: `Sku = 'x'` finds orders containing x. */
export const SkuKey = defineSearchAttributeKey('Sku', SearchAttributeType.KEYWORD_LIST);

export const CUSTOM_SEARCH_ATTRIBUTES = [
  OrderIdKey,
  CustomerIdKey,
  OrderStatusKey,
  NeedsAttentionKey,
  OrderTotalKey,
  CurrencyKey,
  SkuKey,
] as const;
