import { upsertSearchAttributes } from '@temporalio/workflow';
import type { CheckoutState } from '../src/domain/checkout';
import { NeedsAttentionKey } from '../src/temporal/search-attributes';
import type { Recorder } from './checkout.recorder';

/**
 * Marks the order as needing a person, with the reason: on the state (and so the order row), on the
 * NeedsAttention search attribute (so support can list them: `NeedsAttention IS NOT NULL`), and on the
 * timeline. The saga carries on; this only makes sure someone looks.
 */
export async function flagAttention(state: CheckoutState, record: Recorder, reason: string): Promise<void> {
  state.needsAttention = reason.slice(0, 200);
  upsertSearchAttributes([{ key: NeedsAttentionKey, value: state.needsAttention }]);
  await record('attention', 'waiting', state.status, reason);
}

/**
 * Takes the flag down when it is still the one `reason` raised (the flag says why; another reason raised
 * since is left for a person), with a timeline entry saying why it cleared.
 */
export async function clearAttention(
  state: CheckoutState,
  record: Recorder,
  reason: string,
  why: string,
): Promise<void> {
  if (state.needsAttention !== reason.slice(0, 200)) return;
  state.needsAttention = null;
  upsertSearchAttributes([{ key: NeedsAttentionKey, value: null }]);
  await record('attention', 'completed', state.status, why);
}
