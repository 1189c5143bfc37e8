import { ApplicationFailure, condition } from '@temporalio/workflow';
import type { CheckoutInput, CheckoutState, OrderPayment } from '../src/domain/checkout';
import { FailureType } from '../src/domain/failure-types';
import { OrderStatus } from '../src/domain/order-status';
import type { PaymentMethodKind } from '../src/domain/payment-methods';
import type { PaymentAttempt, RequiredAction } from '../src/domain/payment-state';
import { run } from './checkout.activities';
import type { Inbox } from './checkout.handlers';
import type { PaymentRetry } from './checkout.messages';
import type { Recorder } from './checkout.recorder';
import { formatMoney } from './checkout.state';

/** Waits used when the order's input has none (runs started before they were configurable). */
const DEFAULT_DEADLINE_MS: Record<PaymentMethodKind, number> = {
  card: 15 * 60_000, // 3-D Secure: the customer is at the checkout page
  wallet: 60 * 60_000,
  bank_transfer: 3 * 86_400_000,
};
const DEFAULT_RETRY_WINDOW_MS = 60 * 60_000;

export interface PaymentStep {
  state: CheckoutState;
  input: CheckoutInput;
  record: Recorder;
  inbox: Inbox;
  /** Throws the cancellation, if one arrived, so the saga compensates. */
  throwIfCancelled: () => void;
}

type Settled = { outcome: 'authorized'; expiresAt: string | null } | { outcome: 'declined'; reason: string };

/** When to renew a hold: with a seventh of its validity left. */
export const renewAtOf = (expiresAt: string | null): string | undefined => {
  if (!expiresAt) return undefined;
  const now = Date.now();
  return new Date(now + ((Date.parse(expiresAt) - now) * 6) / 7).toISOString();
};

/**
 * Authorizes the amount due (patched 'authorize-then-capture'): by card at once, or after the customer acts
 * (3-D Secure, a wallet's redirect, a bank transfer), with the result from the provider's webhook. A late
 * result is asked of the provider (reconciliation), and a payment that never completes cancels the order.
 * After a decline the customer may pay another way within the retry window, on the same reservation.
 */
export async function securePayment(step: PaymentStep): Promise<void> {
  const details = step.state.paymentDetails!;
  let payment: OrderPayment = step.input.payment;
  for (;;) {
    const declined = await authorizeAttempt(step, details.attempts.length + 1, payment);
    if (declined === null) return;
    ({ payment } = await awaitRetry(step, declined));
  }
}

/** One attempt; resolves null once authorized, or with the decline's reason. */
async function authorizeAttempt(step: PaymentStep, attempt: number, payment: OrderPayment) {
  const { state, input, record } = step;
  const details = state.paymentDetails!;
  // The total as it stands: a line change before the authorization lowered it (settleLoweredAmount).
  const amountMinor = state.totalMinor;
  const view: PaymentAttempt = {
    attempt,
    method: payment.method,
    status: 'authorizing',
    amountMinor,
    reference: null,
  };
  details.attempts.push(view);
  const answer = await record.carriedBy((attach) =>
    run(
      'authorizePayment',
      `Authorize ${formatMoney(amountMinor, input.currency)} (${payment.method}, attempt ${attempt})`,
      attach({ orderId: state.orderId, attempt, payment, amountMinor, currency: input.currency }),
    ),
  );
  view.reference = answer.reference;
  let settled: Settled;
  if (answer.status === 'action_required') {
    view.status = 'action_required';
    details.requiredAction = answer.action;
    await record('payment', 'waiting', OrderStatus.awaitingPayment, describeAction(answer.action));
    settled = await awaitResult(step, view);
    details.requiredAction = null;
  } else {
    settled =
      answer.status === 'authorized'
        ? { outcome: 'authorized', expiresAt: answer.expiresAt }
        : { outcome: 'declined', reason: answer.reason };
  }
  if (settled.outcome === 'declined') {
    Object.assign(view, { status: 'declined', reason: settled.reason });
    return settled.reason;
  }
  Object.assign(view, {
    status: 'authorized',
    expiresAt: settled.expiresAt,
    ...(settled.expiresAt ? { renewAt: renewAtOf(settled.expiresAt) } : {}),
  });
  state.payment = { reference: view.reference!, amountMinor: view.amountMinor };
  return null;
}

/**
 * Waits for the provider's notification for this attempt (it may have arrived already, buffered by the
 * handler), up to the method's deadline; then asks the provider. Nothing known by then: not completed.
 */
async function awaitResult(step: PaymentStep, view: PaymentAttempt): Promise<Settled> {
  const { state, input, inbox } = step;
  const deadline = input.timeouts.paymentDeadlineMs?.[view.method] ?? DEFAULT_DEADLINE_MS[view.method];
  const notified = () => inbox.payment.results.get(view.reference!);
  await condition(() => notified() !== undefined || state.cancellation !== null, deadline, {
    summary: `Wait for the ${view.method} payment result`,
  });
  step.throwIfCancelled();
  const result = notified();
  const base = { orderId: state.orderId, attempt: view.attempt };
  if (result) {
    const settled: Settled =
      result.outcome === 'authorized'
        ? { outcome: 'authorized', expiresAt: result.expiresAt ?? null }
        : { outcome: 'declined', reason: result.reason ?? 'the payment failed' };
    await run('recordAuthorizationOutcome', `Payment ${result.outcome} (notified)`, {
      ...base,
      ...(settled.outcome === 'authorized'
        ? { outcome: 'authorized' as const, expiresAt: settled.expiresAt }
        : { outcome: 'declined' as const, reason: settled.reason }),
    });
    return settled;
  }
  // The notification is late: the provider's answer to a direct query decides.
  const known = await run('reconcileAuthorization', 'Ask the provider about the late payment', base);
  if (known.status === 'authorized') return { outcome: 'authorized', expiresAt: known.expiresAt };
  if (known.status === 'declined') return { outcome: 'declined', reason: known.reason };
  throw ApplicationFailure.nonRetryable(
    `no ${view.method} payment arrived within the deadline`,
    FailureType.PaymentNotCompleted,
  );
}

/** After a decline: waits for another way to pay (retryPayment) within the window, else gives up. */
async function awaitRetry(step: PaymentStep, reason: string): Promise<PaymentRetry> {
  const { state, input, record, inbox } = step;
  const details = state.paymentDetails!;
  const windowMs = input.timeouts.paymentRetryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;
  const until = new Date(Date.now() + windowMs).toISOString();
  details.requiredAction = { type: 'retry', reason, until };
  await record(
    'payment',
    'failed',
    OrderStatus.awaitingPayment,
    `declined (${reason}); retry until ${until}`,
  );
  const retried = await condition(
    () => inbox.payment.retry !== null || state.cancellation !== null,
    windowMs,
    {
      summary: 'Wait for another way to pay',
    },
  );
  step.throwIfCancelled();
  if (!retried)
    throw ApplicationFailure.nonRetryable(
      `the payment was declined (${reason}) and not retried in time`,
      FailureType.PaymentNotCompleted,
    );
  const retry = inbox.payment.retry!;
  inbox.payment.retry = null;
  details.requiredAction = null;
  return retry;
}

/** The action in one line for the timeline (no secrets: a URL or a transfer reference). */
function describeAction(action: RequiredAction): string {
  if (action.type === 'bank_transfer')
    return `bank transfer of ${formatMoney(action.amountMinor, action.currency)} with reference ${action.reference}`;
  return `${action.type === 'redirect' ? 'wallet redirect' : '3-D Secure'}: ${action.url}`;
}
