import { startHarness, type Harness } from '../support/harness';
import { api, orderWithStatus, placeOrder } from '../support/http';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ timeouts: { reviewTimeoutMs: 60_000 } });
});
afterAll(() => h.stop());

const HOSTILE = '[click](javascript:alert(1)) <img src=x onerror=alert(1)> `x`\n# owned';

/** The run's current details, as the Temporal UI reads them. */
async function currentDetails(orderId: string): Promise<string> {
  const handle = h.client.workflow.getHandle(checkoutWorkflowId(orderId));
  const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
  return metadata.currentDetails ?? '';
}

test('when a reviewer writes markdown, HTML and line breaks, then the run’s current details show them as text', async () => {
  const orderId = await placeOrder(h, { payment: { method: 'card', token: 'tok_riskLevelElevated' } });
  await orderWithStatus(h, orderId, 'in_review');
  // The reviewer's name is their credential's subject, which staff tooling may let people choose.
  const reviewer = await h.credentials.as('support', '<b>Eve</b>');
  const review = { decision: 'reject', note: HOSTILE };
  expect((await api(h, 'POST', `/v1/orders/${orderId}/review`, review, reviewer)).status).toBe(202);
  await orderWithStatus(h, orderId, 'rejected');

  const details = await currentDetails(orderId);
  expect(details).toMatch(/^\*\*rejected\*\* · /);
  expect(details).toContain('review by \\<b\\>Eve\\</b\\>');
  expect(details).toContain(
    '\\[click\\]\\(javascript:alert\\(1\\)\\) \\<img src=x onerror=alert\\(1\\)\\> \\`x\\` # owned',
  );
  // Nothing that a markdown renderer would turn into a link, an image, HTML, code or a new block.
  const bare = details.replace(/\\./g, '');
  expect(bare).not.toMatch(/[[\]()<>`]/);
  expect(details).not.toContain('\n');
  // The API keeps the reviewer's words as written.
  const order = (await api(h, 'GET', `/v1/orders/${orderId}`)).body;
  expect(order.risk.reasons[0]).toContain(HOSTILE);
});
