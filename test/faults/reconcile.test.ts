import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { activitiesOf } from '../support/activities';
import { createTestOrderRow, createTestSku } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { capturedOrder, orderWithStatus, placeOrder } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    timeouts: { autoConfirmAfterMs: 60_000, returnWindowMs: 60_000, reviewTimeoutMs: 60_000 },
  });
});
afterAll(() => h.stop());

const reconcile = (orderIds: string[]) =>
  activitiesOf(h).reconcileOrders({ staleAfterMs: 0, limit: 100, orderIds });
const needsAttention = async (orderId: string) =>
  (await h.db('orders').where({ id: orderId }).first('needs_attention')).needs_attention;

describe('the reconciler', () => {
  test('when an order row has no workflow run, then it is flagged for a person', async () => {
    const orderId = await createTestOrderRow(h.db, await createTestSku(h.db, { 'wh-reno': 3 }));
    const result = await reconcile([orderId]);
    expect(result.flagged).toEqual([{ orderId, reason: 'no workflow run exists for this order' }]);
    expect(await needsAttention(orderId)).toBe('no workflow run exists for this order');
  });

  test('when a run was terminated mid-saga, then its order is flagged: nothing was undone', async () => {
    const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_riskLevelElevated' } });
    await orderWithStatus(h, orderId, 'in_review');
    await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).terminate('by hand');
    const result = await reconcile([orderId]);
    expect(result.flagged.map((f) => f.orderId)).toEqual([orderId]);
    expect(await needsAttention(orderId)).toMatch(/terminated: nothing was undone/);
  });

  test('when an order row drifted from its running workflow, then it is repaired from the workflow state', async () => {
    const orderId = await placeOrder(h);
    const shipped = await capturedOrder(h, orderId);
    await h.db('orders').where({ id: orderId }).update({ status: 'paid', captured_minor: 0 });
    const result = await reconcile([orderId]);
    expect(result.repaired).toEqual([orderId]);
    const row = await h.db('orders').where({ id: orderId }).first();
    expect(row).toMatchObject({
      status: 'shipped',
      captured_minor: shipped.amounts.capturedMinor,
      needs_attention: null,
    });
    expect(row.captured_minor).toBeGreaterThan(0);
  });
});
