import type { Knex } from 'knex';
import type { RequiredAction, RetryAction } from '../../domain/payment-state';

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
const sumOf = (rows: { amount_minor: unknown }[]) => rows.reduce((sum, r) => sum + Number(r.amount_minor), 0);

/**
 * An order's payment as the ledger records it: state, attempts, amounts authorized, captured, voided and
 * refunded, provider references, and the action the customer must take (`requiredAction`, from the run
 * while the order awaits payment). Orders charged in one step show that charge. Undefined when unknown.
 */
export async function loadPaymentView(
  db: Knex,
  orderId: string,
  fromRun: { requiredAction: RequiredAction | RetryAction | null } | undefined,
) {
  const order = await db('orders').where({ id: orderId }).first('status', 'currency', 'total_minor');
  if (!order) return undefined;
  const [summary, attempts, captures, voids, refunds] = await Promise.all([
    db('payments').where({ order_id: orderId }).first(),
    db('payment_authorizations').where({ order_id: orderId }).orderBy('attempt'),
    db('payment_captures').where({ order_id: orderId }).orderBy('created_at'),
    db('payment_voids').where({ order_id: orderId }).orderBy('created_at'),
    db('refunds').where({ order_id: orderId }).orderBy('created_at'),
  ]);
  const done = <T extends { status: string }>(rows: T[]) => rows.filter((r) => r.status === 'succeeded');
  // A renewed authorization's void only hands its hold to the renewal: no money released to the customer.
  const renewed = new Set(attempts.map((a) => a.renews).filter(Boolean));
  const holding = [...attempts].reverse().find((a) => a.status === 'authorized');
  const pendingAction = [...attempts].reverse().find((a) => a.status === 'action_required');
  const requiredAction =
    fromRun?.requiredAction ?? (pendingAction ? (pendingAction.required_action as RequiredAction) : null);
  const captured = sumOf(done(captures));
  const refunded = sumOf(done(refunds));
  const oneStep = attempts.length === 0 && summary?.status === 'captured';
  return {
    orderId,
    orderStatus: order.status as string,
    state: paymentState(order.status, summary?.status, requiredAction, captured, refunded),
    method: (attempts.at(-1)?.method as string | undefined) ?? (summary ? 'card' : null),
    requiredAction,
    amounts: {
      currency: order.currency as string,
      dueMinor: Number(order.total_minor),
      authorizedMinor: holding ? Number(holding.amount_minor) : 0,
      capturedMinor: oneStep ? Number(summary.amount_minor) : captured,
      voidedMinor: sumOf(done(voids).filter((v) => !renewed.has(v.authorization_key))),
      refundedMinor: refunded,
    },
    attempts: attempts.map((a) => ({
      attempt: a.attempt as number,
      method: a.method as string,
      status: a.status as string,
      amountMinor: Number(a.amount_minor),
      reference: (a.provider_ref as string | null) ?? null,
      declineReason: (a.decline_reason as string | null) ?? null,
      expiresAt: iso(a.expires_at),
      renews: a.renews ? Number(String(a.renews).split(':auth:')[1]) : null,
      createdAt: iso(a.created_at),
    })),
    captures: captures.map((c) => ({
      shipmentId: c.shipment_id as string,
      amountMinor: Number(c.amount_minor),
      status: c.status as string,
      reference: (c.provider_ref as string | null) ?? null,
    })),
    voids: voids.map((v) => ({
      attempt: Number(String(v.authorization_key).split(':auth:')[1]),
      releasedMinor: Number(v.amount_minor),
      status: v.status as string,
      reference: (v.provider_ref as string | null) ?? null,
    })),
    refunds: refunds.map((r) => ({
      refundId: r.id as string,
      amountMinor: Number(r.amount_minor),
      status: r.status as string,
      reference: (r.provider_ref as string | null) ?? null,
    })),
    oneStepCharge: oneStep ? { reference: summary.provider_ref as string } : null,
  };
}

export type PaymentView = NonNullable<Awaited<ReturnType<typeof loadPaymentView>>>;

/** One word for where the payment stands. */
function paymentState(
  orderStatus: string,
  summary: string | undefined,
  action: RequiredAction | RetryAction | null,
  captured: number,
  refunded: number,
): string {
  if (orderStatus === 'awaiting_payment') return action?.type === 'retry' ? 'declined' : 'action_required';
  if (captured > 0 && refunded >= captured) return 'refunded';
  if (refunded > 0) return 'partially_refunded';
  return summary ?? 'none';
}

/** The customer's view: no provider references. */
export function customerPaymentView(view: PaymentView) {
  const { oneStepCharge: _charge, ...rest } = view;
  return {
    ...rest,
    attempts: view.attempts.map(({ reference: _ref, ...attempt }) => attempt),
    captures: view.captures.map(({ reference: _ref, ...capture }) => capture),
    voids: view.voids.map(({ reference: _ref, ...entry }) => entry),
    refunds: view.refunds.map(({ reference: _ref, ...refund }) => refund),
  };
}
