import { condition, TemporalFailure } from '@temporalio/workflow';
import type { CheckoutInput, CheckoutState, ShipmentView } from '../src/domain/checkout';
import { allocateMinor } from '../src/domain/money';
import { currentAuthorization, type PaymentAttempt } from '../src/domain/payment-state';
import { run } from './checkout.activities';
import { flagAttention } from './checkout.attention';
import type { Inbox } from './checkout.handlers';
import { renewAtOf } from './checkout.payment';
import type { Recorder } from './checkout.recorder';
import { describeFailure, formatMoney, valueFrom } from './checkout.state';

// Captures per parcel for orders paid by authorize-then-capture (state.paymentDetails is set).

const outbound = (state: CheckoutState) => state.shipments.filter((s) => s.kind === 'outbound');

/**
 * Splits the authorized amount across the live outbound parcels by the value of the lines each carries
 * (dinero.js allocate, so the shares sum to the amount exactly). Each parcel is captured for its share
 * when the carrier reports it handed over. Planned again when a change voids or adds labels; a voided
 * label gets no share (a new label from the same warehouse carries those lines now).
 */
export function planCaptures(state: CheckoutState, input: CheckoutInput): void {
  const details = state.paymentDetails!;
  const parcels = outbound(state).filter((s) => s.status !== 'cancelled');
  const values = parcels.map((s) => valueFrom(state, input, new Set([s.warehouseId])));
  const shares = allocateMinor(state.totalMinor, values, state.currency);
  details.shares = Object.fromEntries(parcels.map((s, i) => [s.shipmentId, shares[i]!]));
}

/** What is still to capture: the shares of parcels neither captured nor cancelled. */
export function uncapturedMinor(state: CheckoutState): number {
  const details = state.paymentDetails!;
  return outbound(state)
    .filter((s) => s.status !== 'cancelled' && details.captured[s.shipmentId] === undefined)
    .reduce((sum, s) => sum + (details.shares[s.shipmentId] ?? 0), 0);
}

/** Captures a parcel's share once (idempotent by `<orderId>:capture:<shipmentId>` at the provider too). */
export async function captureParcel(state: CheckoutState, record: Recorder, shipment: ShipmentView) {
  const details = state.paymentDetails!;
  const share = details.shares[shipment.shipmentId] ?? 0;
  if (details.captured[shipment.shipmentId] !== undefined || share === 0) return;
  const captured = await run('captureParcelPayment', `Capture ${formatMoney(share, state.currency)}`, {
    orderId: state.orderId,
    shipmentId: shipment.shipmentId,
    amountMinor: share,
  });
  details.captured[shipment.shipmentId] = captured.amountMinor;
  state.capturedMinor += captured.amountMinor;
  await record(
    'capture',
    'completed',
    state.status,
    `${formatMoney(captured.amountMinor, state.currency)} for the parcel from ${shipment.warehouseId}`,
  );
}

/** Captures every parcel that has not been (the goods are deemed gone: receipt, or a return of them). */
export async function captureRemaining(state: CheckoutState, record: Recorder, only?: Set<string>) {
  for (const shipment of outbound(state))
    if (shipment.status !== 'cancelled' && (!only || only.has(shipment.trackingNumber)))
      await captureParcel(state, record, shipment);
}

/** Voids what the order's authorizations still hold (one attempt's, or all), and notes it. */
export async function voidAuthorizations(state: CheckoutState, summary: string, attempt?: number) {
  const details = state.paymentDetails!;
  const { voidedMinor } = await run('voidAuthorization', summary, {
    orderId: state.orderId,
    ...(attempt === undefined ? {} : { attempt }),
  });
  for (const view of details.attempts)
    if (
      (attempt === undefined || view.attempt === attempt) &&
      ['authorized', 'action_required'].includes(view.status)
    )
      view.status = 'voided';
  details.requiredAction = null;
  return voidedMinor;
}

/**
 * Keeps the money held while parcels wait to ship: before the authorization expires (see renewAtOf) it is
 * renewed for what is still to capture, on the handler queue so it never overlaps a capture, and the old
 * hold is voided. When renewal fails, the order is cancelled (released, or returned if goods travel).
 */
export function keepAuthorizationAlive(state: CheckoutState, record: Recorder, inbox: Inbox): void {
  const details = state.paymentDetails!;
  const settled = () => uncapturedMinor(state) === 0 || state.cancellation !== null || !!state.closing;
  void (async () => {
    for (;;) {
      const holding = currentAuthorization(details);
      if (!holding?.renewAt) return;
      const wait = Math.max(Date.parse(holding.renewAt) - Date.now(), 1);
      if (await condition(settled, wait, { summary: 'Renew the payment authorization before it expires' }))
        return;
      const renewed = await new Promise<boolean>((resolve) =>
        inbox.enqueue(async () => resolve(await renew(state, record, holding))),
      );
      if (!renewed) return;
    }
  })();
}

/** Renews the hold for what is still to capture; when that fails the order is cancelled. */
const renew = (state: CheckoutState, record: Recorder, holding: PaymentAttempt) =>
  reauthorize(state, record, holding, uncapturedMinor(state), 'renewed');

/**
 * An order change lowered the total before any parcel left: the captures are planned again for the new
 * total, and a card's hold is replaced by one for the new amount (authorize anew, then void the old hold, as
 * a renewal does: the provider releases the difference). If the new hold is refused, the old one stays,
 * the captures take only the new total, and the order is flagged for a person to release the rest.
 */
export async function lowerAuthorization(
  state: CheckoutState,
  input: CheckoutInput,
  record: Recorder,
  newTotalMinor: number,
): Promise<void> {
  state.totalMinor = newTotalMinor;
  const details = state.paymentDetails!;
  if (Object.keys(details.shares).length > 0) planCaptures(state, input);
  const holding = currentAuthorization(details);
  // Not authorized yet: the authorization will take the new total.
  if (holding) await reauthorize(state, record, holding, newTotalMinor - state.capturedMinor, 'lowered');
}

async function reauthorize(
  state: CheckoutState,
  record: Recorder,
  holding: PaymentAttempt,
  amountMinor: number,
  why: 'renewed' | 'lowered',
): Promise<boolean> {
  const details = state.paymentDetails!;
  if (amountMinor === 0 || state.cancellation) return false;
  const view: PaymentAttempt = {
    attempt: details.attempts.length + 1,
    method: holding.method,
    status: 'authorizing',
    amountMinor,
    reference: null,
    renews: holding.attempt,
  };
  details.attempts.push(view);
  try {
    const answer = await run(
      'reauthorizePayment',
      `${why === 'renewed' ? 'Renew' : 'Lower'} the authorization (${formatMoney(amountMinor, state.currency)})`,
      {
        orderId: state.orderId,
        attempt: view.attempt,
        renews: holding.attempt,
        amountMinor,
        currency: state.currency,
      },
    );
    view.reference = answer.reference;
    if (answer.status === 'authorized') {
      Object.assign(view, {
        status: 'authorized',
        expiresAt: answer.expiresAt,
        renewAt: renewAtOf(answer.expiresAt),
      });
      // The old hold's remainder is now held by the new one: release it (not money returned to anyone).
      await voidAuthorizations(state, `Void the authorization that was ${why}`, holding.attempt);
      state.payment = { reference: answer.reference, amountMinor };
      await record(
        'payment',
        'completed',
        state.status,
        why === 'renewed'
          ? `authorization renewed until ${answer.expiresAt ?? 'paid'}`
          : `authorization lowered to ${formatMoney(amountMinor, state.currency)}`,
      );
      return true;
    }
    view.reason = answer.status === 'declined' ? answer.reason : 'the renewal needs the customer';
  } catch (error) {
    if (!(error instanceof TemporalFailure)) throw error;
    view.reason = describeFailure(error).message;
  }
  view.status = 'declined';
  if (why === 'lowered') {
    await flagAttention(
      state,
      record,
      `the authorization could not be lowered to ${formatMoney(amountMinor, state.currency)} (${view.reason}): release the rest of attempt ${holding.attempt} by hand`,
    );
    return false;
  }
  await record('payment', 'failed', state.status, `the authorization could not be renewed: ${view.reason}`);
  state.cancellation ??= {
    reason: `the payment authorization expires and could not be renewed (${view.reason})`,
    requestedAt: new Date().toISOString(),
  };
  return false;
}
