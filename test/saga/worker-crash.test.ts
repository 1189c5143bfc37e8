import type { ChildProcess } from 'node:child_process';
import { moneyMoved, paymentLedger } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { api, eventually, orderWithStatus, placeOrder } from '../support/http';
import { startWorkerProcess } from '../support/worker-processes';

let h: Harness;
const children: ChildProcess[] = [];
const startWorker = (taskQueue: string) => startWorkerProcess(taskQueue, children);

beforeAll(async () => {
  h = await startHarness({ withWorker: false });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await h.stop();
});

test('when the worker is killed mid-authorization and restarted, then the saga completes and the card is authorized and captured once', async () => {
  const first = await startWorker(h.taskQueue);
  // tok_flaky fails twice before succeeding, which keeps the saga inside its authorization for a few seconds.
  const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_flaky' } });
  await eventually(
    () =>
      h
        .db('sandbox_payment_operations')
        .where({ idempotency_key: `${orderId}:auth:1` })
        .first(),
    (attempt) => attempt?.attempts >= 1,
  );
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  const stalled = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
  expect(['reserved', 'pending']).toContain(stalled.status);

  await startWorker(h.taskQueue);
  const shipped = await orderWithStatus(h, orderId, 'shipped', 60_000);
  for (const status of ['in_transit', 'delivered']) {
    await api(h, 'POST', '/v1/webhooks/carrier', {
      trackingNumber: shipped.shipments[0].trackingNumber,
      status,
    });
  }
  await orderWithStatus(h, orderId, 'delivered');
  await api(h, 'POST', `/v1/orders/${orderId}/receipt`);
  const completed = await orderWithStatus(h, orderId, 'completed');

  expect(completed.payment).toMatchObject({ status: 'captured', amountMinor: completed.amounts.totalMinor });
  expect(await moneyMoved(h.db, orderId)).toEqual({
    charged: completed.amounts.totalMinor,
    charges: 1,
    refunded: 0,
  });
  expect(await paymentLedger(h.db, orderId)).toMatchObject({ attempts: ['card:authorized'], captures: 1 });
}, 120_000);
