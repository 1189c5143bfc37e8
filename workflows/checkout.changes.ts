import { setHandler } from '@temporalio/workflow';
import type { CheckoutState } from '../src/domain/checkout';
import { changeAddress } from './checkout.address-change';
import { currentAuthorization } from '../src/domain/payment-state';
import { noChangeNow, type ChangeContext } from './checkout.change-context';
import { alreadyDone, refuse } from './checkout.commands';
import { changeLine } from './checkout.line-change';
import {
  changeAddressUpdate,
  changeLineUpdate,
  type AddressChange,
  type LineChange,
} from './checkout.messages';

export type { ChangeContext } from './checkout.change-context';

function validateChange(state: CheckoutState, changeId: string): void {
  if (!state.changes) throw refuse('this order was placed before orders could change');
  const earlier = state.changes.find((c) => c.changeId === changeId);
  if (earlier) throw alreadyDone(`change ${changeId} is ${earlier.status}`);
  const reason = noChangeNow(state);
  if (reason) throw refuse(reason);
  if (state.changeReview)
    throw refuse(`address change ${state.changeReview} is waiting for a support review`);
}

function validateLine(state: CheckoutState, { sku, type, quantity }: LineChange): void {
  const line = state.lines!.find((l) => l.sku === sku);
  if (!line) throw refuse(`the order has no line for ${sku}`);
  // Only a card's hold can be lowered; money already sent by wallet or transfer comes back as a refund.
  const held = state.paymentDetails && currentAuthorization(state.paymentDetails);
  if (held && held.method !== 'card')
    throw refuse(
      `the order is already paid by ${held.method}: apply for a refund once it arrives, or cancel it`,
    );
  if (type === 'reduce_quantity' && (quantity === undefined || quantity < 1 || quantity >= line.quantity))
    throw refuse(`quantity must be at least 1 and below the line's current ${line.quantity}`);
}

/**
 * Order changes before dispatch, as Updates (patched 'order-changes': runs from before answer 409). Each
 * validator refuses what is no longer allowed, with the reason, and a repeat of a change id as ALREADY_DONE.
 * A change waits for the stock to be reserved and for the saga's current step (see StepLock), checks again,
 * then re-runs what it affects:
 * - a new address: labels already made are voided, the stock re-allocated for it (warehouses may change),
 *   new labels made if there were any, and the risk check run again once it had run (reject: the order is
 *   cancelled and compensated; review: support decides, holding back the charge and labels meanwhile);
 * - a removed line or lower quantity: exactly those units are released (the costliest picks first),
 *   labels of parcels left empty voided, and the lower amount settled (settleLoweredAmount). Removing the
 *   last line is a cancellation.
 */
export function registerChangeCommands(ctx: ChangeContext): void {
  const { state } = ctx;
  setHandler(changeAddressUpdate, (change) => changeAddress(ctx, change), {
    validator: (change: AddressChange) => validateChange(state, change.changeId),
  });
  setHandler(changeLineUpdate, (change) => changeLine(ctx, change), {
    validator: (change: LineChange) => {
      validateChange(state, change.changeId);
      validateLine(state, change);
    },
  });
}
