import type { OrderStatus } from './order-status';
import type { RefundApplication } from './refund-applications';
import type { AmountDue } from './payment-methods';
import type { PaymentMethodKind } from './payment-methods';
import type { PaymentDetails } from './payment-state';

export type AllocationStrategyName = 'nearest' | 'optimal';

/** Where an order goes, as a carrier prints it on the label. */
export interface ShippingAddress {
  /** The recipient. Orders placed before names were required may lack it. */
  name?: string;
  line1: string;
  line2?: string;
  city: string;
  /** State, province or county, where the country uses one. */
  region?: string;
  postalCode: string;
  country: string;
  phone?: string;
  lat?: number;
  lon?: number;
}

/** An order line priced from the catalog when the order was placed. */
export interface PricedLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

/** An exchange rate as used: units of `to` per unit of `from` (a decimal string), and when it was taken. */
export interface RateUsed {
  from: string;
  to: string;
  rate: string;
  asOf: string;
}

/**
 * How an order was priced: the amount due (lines, shipping, the payment method's fee) and every rate used.
 * Stored on the order row and carried in the workflow input; absent on orders placed before multi-currency
 * (they are USD and convert to the base currency at today's rate).
 */
export interface OrderPricing extends AmountDue {
  paymentMethod: string;
  /** Rates that converted base prices into the order's currency; empty when every line had a list price. */
  rates: RateUsed[];
  /** From the order's currency to the base currency (BASE_CURRENCY), for risk; rate "1" when the same. */
  base: RateUsed;
}

/** Durations the saga waits, passed in so that tests can shrink them to seconds. */
export interface CheckoutTimeouts {
  reviewTimeoutMs: number;
  autoConfirmAfterMs: number;
  returnWindowMs: number;
  /** How long parcels may take to arrive before the order is flagged; absent in orders placed before. */
  deliverySlaMs?: number;
  /** How long a refund application waits for support before it escalates; absent in orders placed before. */
  refundDecisionSlaMs?: number;
  /** How long the saga waits for an asynchronous payment's result, per method, before asking the provider. */
  paymentDeadlineMs?: Record<PaymentMethodKind, number>;
  /** How long a customer may retry with another method after a decline. */
  paymentRetryWindowMs?: number;
}

/** Where a run continued as new picks up: its stage, state, timeline sequence and absolute deadline. */
export interface CheckoutResume {
  stage: 'receipt' | 'return-window';
  state: CheckoutState;
  seq: number;
  /** When the stage's wait ends: automatic confirmation of receipt, or the end of the return window. */
  deadline: string;
}

/**
 * How a workflow names the card: a reference into the provider's vault, so the token stays out of
 * history. Orders placed before the vault carry the token itself.
 */
export type CardReference = { vaultRef: string } | { token: string };

/** An order's payment as its workflow input holds it. */
export type CardPayment = { method: 'card' } & CardReference;

/** A wallet or a bank transfer: the customer completes it with the provider, and the result comes later. */
export type AsyncPayment = { method: 'wallet' } | { method: 'bank_transfer' };

/** How an order is paid. */
export type OrderPayment = CardPayment | AsyncPayment;

/** The card a payment names, if it is a card (risk profiles it; other methods have none). */
export const cardOf = (payment: OrderPayment): CardReference | undefined =>
  payment.method === 'card' ? cardReferenceOf(payment) : undefined;

/** The card an order's payment names, in the shape the payment activities take. */
export const cardReferenceOf = (payment: CardPayment): CardReference =>
  'vaultRef' in payment ? { vaultRef: payment.vaultRef } : { token: payment.token };

/** Everything a checkout workflow needs; the order row is created from it idempotently. */
export interface CheckoutInput {
  orderId: string;
  customerId: string;
  currency: string;
  lines: PricedLine[];
  /** What the customer pays: the amount due (equal to the sum of the lines on orders without `pricing`). */
  totalMinor: number;
  shippingAddress: ShippingAddress;
  payment: OrderPayment;
  /** The amount-due breakdown and the exchange rates used; absent on orders placed before them. */
  pricing?: OrderPricing;
  allocationStrategy: AllocationStrategyName;
  timeouts: CheckoutTimeouts;
  /** History events after which a quiet run continues as new (the server may suggest it sooner). */
  historyLimit?: number;
  /**
   * Refund applications at or under these amounts (minor units, per currency) that return the goods are
   * approved without a person; absent in orders placed before, whose applications all wait for support.
   */
  refundAutoApproveLimits?: Record<string, number>;
  /** Set on a run continued as new; absent on an order's first run. */
  resume?: CheckoutResume;
}

export interface AllocationPickView {
  sku: string;
  warehouseId: string;
  quantity: number;
  distanceKm: number;
  unitCost: number;
}

export interface AllocationSummary {
  strategy: AllocationStrategyName;
  /** True cost in cost units: units shipped, parcels and the split penalty (older orders: units only, rounded). */
  cost: number;
  /** Parcels the order ships in (one per warehouse); absent on orders allocated before parcels were priced. */
  parcels?: number;
  picks: AllocationPickView[];
  /** What the other strategy would have cost (null when it could not fill the order). */
  alternative: { strategy: AllocationStrategyName; cost: number | null };
  /** Set when the order was allocated with others in a wave (ALLOCATION_MODE=wave). */
  wave?: { waveId: string; orders: number };
}

export type RiskDecisionName = 'approve' | 'review' | 'reject';

export interface RiskAssessment {
  decision: RiskDecisionName;
  score: number;
  fraudProbability: number;
  reasons: string[];
}

/** Where a parcel is, as its carrier reports it; `exception`, `lost` and `returned_to_sender` need action. */
export type ShipmentStatus =
  'label_created' | 'in_transit' | 'exception' | 'delivered' | 'lost' | 'returned_to_sender' | 'cancelled';

export interface ShipmentView {
  shipmentId: string;
  kind: 'outbound' | 'return';
  /** Set on the return parcels of a refund application (lines only), which the whole-order return ignores. */
  applicationId?: string;
  warehouseId: string;
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  /** The reservation revision whose units this parcel carries (0, the first allocation, when absent). */
  revision?: number;
  /** The carrier's words about an open `exception`; cleared when the parcel moves again. */
  exceptionDetail?: string;
  /** For a lost parcel: support's decision, then how it was settled; for a parcel sent back: `refunded`. */
  decision?: 'refund' | 'reship';
  resolution?: 'refunded' | 'reshipped';
}

/** One change of an order before dispatch (see workflows/checkout.changes.ts), as the order's state keeps it. */
export interface OrderChangeView {
  changeId: string;
  type: 'shipping_address' | 'remove_line' | 'reduce_quantity';
  sku?: string;
  /** The line's new quantity (0 for a removed line). */
  quantity?: number;
  requestedBy: string;
  /** pending: waiting for the saga's step; in_review: the new address waits for support. */
  status: 'pending' | 'applied' | 'in_review' | 'refused' | 'cancelled';
  /** What the order costs after the change, and what was refunded for it. */
  amountDueMinor?: number;
  refundedMinor?: number;
  detail?: string;
}

export interface RefundView {
  refundId: string;
  amountMinor: number;
  reason: string;
  status: 'requested' | 'succeeded' | 'rejected';
  error?: string;
}

export interface TimelineEntry {
  at: string;
  step: string;
  outcome: 'started' | 'completed' | 'failed' | 'compensated' | 'waiting' | 'received';
  status: OrderStatus;
  detail?: string;
}

/** The full state a checkout's `status` query returns. The orders row is a projection of it. */
export interface CheckoutState {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  currency: string;
  totalMinor: number;
  capturedMinor: number;
  refundedMinor: number;
  allocation: AllocationSummary | null;
  risk: RiskAssessment | null;
  payment: { reference: string; amountMinor: number } | null;
  shipments: ShipmentView[];
  refunds: RefundView[];
  /** Set when a cancel (or a full refund before dispatch) arrives; refundId names the refund that follows. */
  cancellation: { reason: string; requestedAt: string; refundId?: string } | null;
  failure: { type: string; message: string } | null;
  compensationErrors: string[];
  timeline: TimelineEntry[];
  receiptConfirmed: boolean;
  returnWindowEndsAt: string | null;
  /** Set just before the run ends: from then on new requests are refused rather than dropped. */
  closing?: boolean;
  /** Why a person should look at this order (also the NeedsAttention search attribute); null when fine. */
  needsAttention?: string | null;
  /** Refund applications, newest last (absent in runs from before applications). */
  refundApplications?: RefundApplication[];
  /** Set when the order pays by authorize-then-capture (patched 'authorize-then-capture'); absent before. */
  paymentDetails?: PaymentDetails;
  /** Carrier events for parcels this run does not know yet (their labels are still being created). */
  pendingCarrierEvents?: {
    trackingNumber: string;
    status: Exclude<ShipmentStatus, 'label_created' | 'cancelled'>;
    detail?: string;
  }[];
  // Order changes (patched 'order-changes'); absent on runs from before them.
  /** The lines as they stand after changes. */
  lines?: PricedLine[];
  /** The address as it stands after changes. */
  shippingAddress?: ShippingAddress;
  /** What the order costs now (lines after changes, with the method's fee); totalMinor until a change. */
  amountDueMinor?: number;
  changes?: OrderChangeView[];
  /** The last reservation revision used (each re-allocation, release or reshipment takes the next). */
  revision?: number;
  /** The revision the main allocation's units carry: 0 until the address changes. */
  stockRevision?: number;
  /** Set while a new address waits for a support review. */
  changeReview?: string | null;
}
