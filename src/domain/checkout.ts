import type { OrderStatus } from './order-status';
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

/** Durations the saga waits, passed in so that tests can shrink them to seconds. */
export interface CheckoutTimeouts {
  reviewTimeoutMs: number;
  autoConfirmAfterMs: number;
  returnWindowMs: number;
  /** How long parcels may take to arrive before the order is flagged; absent in orders placed before. */
  deliverySlaMs?: number;
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
  totalMinor: number;
  shippingAddress: ShippingAddress;
  payment: OrderPayment;
  allocationStrategy: AllocationStrategyName;
  timeouts: CheckoutTimeouts;
  /** History events after which a quiet run continues as new (the server may suggest it sooner). */
  historyLimit?: number;
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

export interface ShipmentView {
  shipmentId: string;
  kind: 'outbound' | 'return';
  warehouseId: string;
  carrier: string;
  trackingNumber: string;
  status: 'label_created' | 'in_transit' | 'delivered' | 'cancelled';
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
  /** Set when the order pays by authorize-then-capture (patched 'authorize-then-capture'); absent before. */
  paymentDetails?: PaymentDetails;
  /** Carrier events for parcels this run does not know yet (their labels are still being created). */
  pendingCarrierEvents?: { trackingNumber: string; status: 'in_transit' | 'delivered' }[];
}
