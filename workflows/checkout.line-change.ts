import type { OrderChangeView } from '../src/domain/checkout';
import { amountForLines, linesAfter, pricingOf, releasesFor } from '../src/domain/order-change';
import { run } from './checkout.activities';
import { settleLoweredAmount } from './checkout.amount-change';
import { labelled, lockFor, nextRevision, type ChangeContext } from './checkout.change-context';
import type { ChangeResult, LineChange } from './checkout.messages';

/**
 * A removed line or a lower quantity: exactly those units are released (the costliest picks first), labels
 * of parcels left empty voided, and the lower amount settled (settleLoweredAmount). Removing the last line
 * is a cancellation.
 */
export async function changeLine(ctx: ChangeContext, change: LineChange): Promise<ChangeResult> {
  const { state, input, record } = ctx;
  const { changeId, sku } = change;
  const before = state.lines!;
  const quantity = change.type === 'remove_line' ? 0 : change.quantity!;
  // Taken at once, so that the next change is validated against these lines.
  state.lines = linesAfter(before, sku, quantity);
  const view: OrderChangeView = {
    changeId,
    type: change.type,
    sku,
    quantity,
    requestedBy: change.requestedBy,
    status: 'pending',
  };
  state.changes!.push(view);
  if (state.lines.length === 0) {
    ctx.cancel(`the last line (${sku}) was removed`);
    Object.assign(view, { status: 'cancelled', detail: 'the last line was removed: the order is cancelled' });
    return { status: state.status, change: view };
  }
  const line = before.find((l) => l.sku === sku)!;
  const restore = () => {
    const now = state.lines!.find((l) => l.sku === sku)?.quantity ?? 0;
    state.lines = [
      ...linesAfter(state.lines!, sku, 0),
      { ...line, quantity: now + line.quantity - quantity },
    ];
  };
  const release = await lockFor(ctx, view, restore);
  try {
    const { releases, picks } = releasesFor(state.allocation!.picks, state.lines);
    state.allocation = { ...state.allocation!, picks };
    const units = releases.reduce((sum, r) => sum + r.quantity, 0);
    await run('releaseUnits', `Release ${units} unit(s) of ${sku}`, {
      orderId: state.orderId,
      revision: nextRevision(state),
      releases,
      lines: state.lines,
      allocation: state.allocation,
    });
    const kept = new Set(picks.map((p) => p.warehouseId));
    const empty = labelled(state).filter((s) => !kept.has(s.warehouseId));
    if (empty.length > 0) {
      const { cancelled } = await run('cancelLabels', 'Void the labels of parcels left empty', {
        orderId: state.orderId,
        trackingNumbers: empty.map((s) => s.trackingNumber),
      });
      for (const s of empty) if (cancelled.includes(s.trackingNumber)) s.status = 'cancelled';
    }
    view.amountDueMinor = amountForLines(state.lines, pricingOf(state, input));
    view.refundedMinor = await settleLoweredAmount(ctx, view.amountDueMinor, changeId);
    view.status = 'applied';
    await record(
      'change',
      'completed',
      state.status,
      `${changeId}: ${sku} → ${quantity}, ${units} unit(s) released`,
    );
    return { status: state.status, change: view };
  } finally {
    release();
  }
}
