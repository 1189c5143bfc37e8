import type { Knex } from 'knex';
import type { OrderPricing } from '../../domain/checkout';
import type { RequiredAction } from '../../domain/payment-state';
import { checkoutWorkflowId } from '../../temporal/workflow-ids';

const iso = (value: Date | string) => new Date(value).toISOString();

/** An order as the API shows it, read from the projection tables. Undefined when unknown. */
export async function loadOrderView(db: Knex, orderId: string) {
  const order = await db('orders').where({ id: orderId }).first();
  if (!order) return undefined;
  const [lines, reservations, payment, shipments, refunds, events, pendingAction] = await Promise.all([
    db('order_lines').where({ order_id: orderId }).orderBy('line_no'),
    db('reservations').where({ order_id: orderId }).orderBy(['sku', 'warehouse_id']),
    db('payments').where({ order_id: orderId }).first(),
    db('shipments').where({ order_id: orderId }).orderBy('created_at'),
    db('refunds').where({ order_id: orderId }).orderBy('created_at'),
    db('order_events').where({ order_id: orderId }).orderBy('seq'),
    db('payment_authorizations')
      .where({ order_id: orderId, status: 'action_required' })
      .orderBy('attempt', 'desc')
      .first('required_action'),
  ]);
  return {
    orderId: order.id as string,
    workflowId: checkoutWorkflowId(order.id),
    customerId: order.customer_id as string,
    status: order.status as string,
    createdAt: iso(order.created_at),
    updatedAt: iso(order.updated_at),
    amounts: {
      currency: order.currency as string,
      totalMinor: order.total_minor as number,
      capturedMinor: order.captured_minor as number,
      refundedMinor: order.refunded_minor as number,
      refundableMinor: (order.captured_minor - order.refunded_minor) as number,
    },
    /** Amount due (lines, shipping, payment method fee) and the exchange rates used; null on older orders. */
    pricing: (order.pricing ?? null) as OrderPricing | null,
    lines: lines.map((line) => ({
      sku: line.sku as string,
      quantity: line.quantity as number,
      unitPriceMinor: line.unit_price_minor as number,
      allocations: reservations
        .filter((r) => r.sku === line.sku)
        .map((r) => ({
          warehouseId: r.warehouse_id as string,
          quantity: r.quantity as number,
          status: r.status as string,
        })),
    })),
    shippingAddress: order.shipping_address,
    allocation: order.allocation,
    risk: order.risk,
    payment: payment
      ? {
          provider: payment.provider as string,
          status: payment.status as string,
          amountMinor: payment.amount_minor as number,
          reference: payment.provider_ref as string | null,
          declineReason: payment.decline_reason as string | null,
        }
      : null,
    /** What the customer must do to pay (3-D Secure, a wallet's redirect, a transfer); see also /payment. */
    requiredAction: (pendingAction?.required_action as RequiredAction | undefined) ?? null,
    shipments: shipments.map((s) => ({
      kind: s.kind as string,
      warehouseId: s.warehouse_id as string,
      carrier: s.carrier as string,
      trackingNumber: s.tracking_number as string,
      status: s.status as string,
    })),
    refunds: refunds.map((r) => ({
      refundId: r.id as string,
      amountMinor: r.amount_minor as number,
      status: r.status as string,
      reason: r.reason as string | null,
      createdAt: iso(r.created_at),
    })),
    failure: order.failure,
    needsAttention: order.needs_attention ?? null,
    timeline: events.map((e) => ({
      at: iso(e.at),
      step: e.step as string,
      outcome: e.outcome as string,
      status: e.status as string,
      ...(e.detail ? { detail: e.detail as string } : {}),
    })),
  };
}

/** Recent orders, newest first, optionally by customer and status. */
export async function listOrders(db: Knex, filter: { customerId?: string; status?: string; limit?: number }) {
  const query = db('orders')
    .orderBy('created_at', 'desc')
    .limit(filter.limit ?? 50);
  if (filter.customerId) query.where({ customer_id: filter.customerId });
  if (filter.status) query.where({ status: filter.status });
  const rows = await query.select(
    'id',
    'customer_id',
    'status',
    'currency',
    'total_minor',
    'captured_minor',
    'refunded_minor',
    'created_at',
  );
  return rows.map((row) => ({
    orderId: row.id as string,
    customerId: row.customer_id as string,
    status: row.status as string,
    amounts: {
      currency: row.currency as string,
      totalMinor: row.total_minor as number,
      capturedMinor: row.captured_minor as number,
      refundedMinor: row.refunded_minor as number,
    },
    createdAt: iso(row.created_at),
  }));
}
