import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { ENCRYPTED_ENCODING } from '../../src/codec/encryption-codec';
import { decodeHistoryJson } from '../../src/codec/decode-history';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { defaultToolsDir, resolveTemporalCli } from '../../src/temporal/temporal-cli';
import { startHarness, type Harness } from '../support/harness';
import {
  api,
  deliverParcels,
  eventually,
  historyWithStatus,
  orderBody,
  orderWithStatus,
  rawApi,
} from '../support/http';
import { testPayloadEncryption } from '../support/payload-encryption';
import { testEnv } from '../support/test-env';

let h: Harness;
let cli: string;
beforeAll(async () => {
  h = await startHarness();
  cli = await resolveTemporalCli(defaultToolsDir(path.resolve(__dirname, '../..')));
});
afterAll(() => h.stop());

/** A customer with personal data that no other text in a history could contain by chance. */
async function distinctCustomer() {
  const tag = randomUUID().slice(0, 8);
  const customer = {
    id: `cus-${tag}`,
    name: `Quentin Zabriskie ${tag}`,
    email: `quentin.${tag}@mailbox.example`,
    address: {
      name: `Quentin Zabriskie ${tag}`,
      line1: `742 Evergreen Terrace ${tag}`,
      line2: `Penthouse ${tag}`,
      city: 'New York',
      region: 'NY',
      postalCode: '10001',
      country: 'US',
      phone: '+1 212 555 0199',
      lat: 40.7128,
      lon: -74.006,
    },
  };
  const threeYearsAgo = new Date(Date.now() - 3 * 365 * 86_400_000);
  await h.db('customers').insert({
    id: customer.id,
    name: customer.name,
    email: customer.email,
    country: 'US',
    home_lat: 40.73,
    home_lon: -73.99,
    created_at: threeYearsAgo,
  });
  const secrets = [
    customer.name,
    customer.email,
    customer.address.line1,
    customer.address.line2,
    customer.address.phone,
  ];
  return { ...customer, secrets };
}

async function place(customer: { id: string; address: object }, token: string): Promise<string> {
  const body = orderBody({
    customerId: customer.id,
    shippingAddress: customer.address,
    payment: { method: 'card', token },
  });
  const response = await api(h, 'POST', '/v1/orders', body);
  expect(response.status).toBe(202);
  return response.body.orderId;
}

/** The history as stored, read with the Temporal CLI and no codec: what anyone with server access sees. */
function rawHistory(orderId: string): string {
  const args = [
    'workflow',
    'show',
    '--address',
    testEnv('temporalAddress'),
    '-w',
    checkoutWorkflowId(orderId),
  ];
  return execFileSync(cli, [...args, '--output', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Every payload in a history, except search attributes (indexed by the server, so never encoded; they hold
 * only ids and a status), the markers of patched() (written by the SDK's core, which no codec sees;
 * they hold only patch names such as "safe-compensation"), and a local activity marker's bookkeeping (its
 * `data`: sequence number, activity type and times, also the core's); its `result` is checked.
 */
function payloadsOf(node: unknown, found: { metadata: Record<string, string>; data?: string }[] = []) {
  if (Array.isArray(node)) node.forEach((item) => payloadsOf(item, found));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.markerName === 'core_patch') return found;
    if (record.markerName === 'core_local_activity') {
      const { data: _bookkeeping, ...rest } = (record.details ?? {}) as Record<string, unknown>;
      return payloadsOf(rest, found);
    }
    if (record.metadata && typeof record.metadata === 'object' && 'encoding' in record.metadata)
      found.push(record as never);
    else
      for (const [key, value] of Object.entries(record))
        if (key !== 'searchAttributes') payloadsOf(value, found);
  }
  return found;
}

const fromBase64 = (value: string | undefined) => Buffer.from(value ?? '', 'base64');

/** The history's payloads as the codec reads them. */
async function decodedInput(orderId: string, given?: PayloadCodec) {
  const codec = given ?? (await testPayloadEncryption(h.db)).dataConverter.payloadCodecs![0]!;
  const history = await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).fetchHistory();
  const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
  const [input] = await codec.decode(started.input!.payloads as Payload[]);
  return defaultPayloadConverter.fromPayload<{ shippingAddress: { line1: string }; payment: object }>(input!);
}

/** Events that must carry a payload: the run's input, each activity's arguments, each local activity's record. */
function payloadCarriers(raw: string): number {
  const events = (JSON.parse(raw) as { events: Record<string, { markerName?: string } | undefined>[] })
    .events;
  return events.filter(
    (e) =>
      e.workflowExecutionStartedEventAttributes ||
      e.activityTaskScheduledEventAttributes ||
      e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
  ).length;
}

function expectNothingReadable(raw: string, secrets: string[]) {
  const payloads = payloadsOf(JSON.parse(raw));
  // Every payload the history must hold was found and checked below (a run to `shipped` has six: its
  // input, the arguments of its four steps and the record of `shipped`).
  expect(payloadCarriers(raw)).toBeGreaterThanOrEqual(6);
  expect(payloads.length).toBeGreaterThanOrEqual(payloadCarriers(raw));
  for (const payload of payloads) {
    expect(fromBase64(payload.metadata.encoding).toString()).toBe(ENCRYPTED_ENCODING);
    expect(() => JSON.parse(fromBase64(payload.data).toString())).toThrow();
  }
  const everything = [raw, ...payloads.map((p) => fromBase64(p.data).toString('latin1'))].join('\n');
  for (const secret of [...secrets, 'tok_visa', 'tok_chargeDeclined'])
    expect(everything).not.toContain(secret);
}

const erase = (customerId: string) => api(h, 'DELETE', `/v1/customers/${customerId}/personal-data`);

describe('encrypted histories', () => {
  let open: { customer: Awaited<ReturnType<typeof distinctCustomer>>; orderId: string };

  beforeAll(async () => {
    const customer = await distinctCustomer();
    open = { customer, orderId: await place(customer, 'tok_visa') };
    await orderWithStatus(h, open.orderId, 'shipped');
    // The raw history is read next: it must hold the record of `shipped` too.
    await historyWithStatus(h, open.orderId, 'shipped');
  });

  test('when a checkout runs, then its raw history (no codec) holds no personal data, no card token and no plaintext payload', async () => {
    expectNothingReadable(rawHistory(open.orderId), open.customer.secrets);
  });

  test('when risk rejects a card, then the failure message is encrypted as well', async () => {
    const customer = await distinctCustomer();
    // Sent to review, which times out (3 s in tests) and rejects: a failed run with its failure message.
    const orderId = await place(customer, 'tok_riskLevelElevated');
    await orderWithStatus(h, orderId, 'rejected');
    // The row turns `rejected` a moment before the run itself closes with the failure.
    await expect(h.client.workflow.getHandle(checkoutWorkflowId(orderId)).result()).rejects.toThrow();
    const raw = rawHistory(orderId);
    expect(raw).toContain('workflowExecutionFailedEventAttributes');
    expect(raw).not.toContain('review timed out');
    expectNothingReadable(raw, customer.secrets);
  });

  test('when the codec reads the same history, then the order input is readable and carries a vault reference, not the token', async () => {
    const input = await decodedInput(open.orderId);
    expect(input.shippingAddress.line1).toBe(open.customer.address.line1);
    expect(input.payment).toEqual({ method: 'card', vaultRef: expect.stringMatching(/^card_[0-9a-f]{24}$/) });
  });

  test('when the raw history is decoded with the codec, then no encrypted payload is left, the address is readable, and the decoded copy replays', async () => {
    const codec = (await testPayloadEncryption(h.db)).dataConverter.payloadCodecs![0]!;
    const decoded = await decodeHistoryJson(JSON.parse(rawHistory(open.orderId)), codec);
    const encodings = payloadsOf(decoded).map((p) => fromBase64(p.metadata.encoding).toString());
    expect(encodings).not.toContain(ENCRYPTED_ENCODING);
    const input = decoded.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    expect(JSON.parse(fromBase64(input.data).toString()).shippingAddress.line1).toBe(
      open.customer.address.line1,
    );
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: testEnv('workflowBundle') } }, decoded),
    ).resolves.toBeUndefined();
  });

  test('when an encrypted history is replayed with the codec, then it replays without nondeterminism', async () => {
    const history = await h.client.workflow.getHandle(checkoutWorkflowId(open.orderId)).fetchHistory();
    const { dataConverter } = await testPayloadEncryption(h.db);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: testEnv('workflowBundle') }, dataConverter },
        history,
      ),
    ).resolves.toBeUndefined();
  });

  test('when a customer still has an open order, then erasure answers 409 naming it and erases nothing', async () => {
    const response = await erase(open.customer.id);
    expect(response.status).toBe(409);
    expect(response.body.message).toContain(open.orderId);
    expect(await h.db('customers').where({ id: open.customer.id }).first('name')).toEqual({
      name: open.customer.name,
    });
    expect((await decodedInput(open.orderId)).shippingAddress.line1).toBe(open.customer.address.line1);
  });
});

describe('erasure', () => {
  test('when a customer is erased, then their histories no longer decode, another customer’s do, and only personal data is gone', async () => {
    const erased = await distinctCustomer();
    const kept = await distinctCustomer();
    const orderId = await place(erased, 'tok_visa');
    const keptOrderId = await place(kept, 'tok_chargeDeclined');
    await deliverParcels(h, await orderWithStatus(h, orderId, 'shipped'));
    // Receipt is confirmed automatically and the return window closes after seconds (test timeouts).
    await h.client.workflow.getHandle(checkoutWorkflowId(orderId)).result();
    // Declined and not retried within the window (2 s in tests): cancelled.
    await orderWithStatus(h, keptOrderId, 'cancelled');
    const vaultRef = (await decodedInput(orderId)).payment as { vaultRef: string };

    // Visibility may list the run as open for a moment after it closed.
    const first = await eventually(
      () => erase(erased.id),
      (response) => response.status !== 409,
    );
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ customerId: erased.id, erasedAt: expect.any(String), orders: 1 });
    expect(await erase(erased.id)).toEqual(first);
    const audit = await h.db('audit_log').where({ target_type: 'customer', target_id: erased.id });
    expect(audit).toEqual([
      expect.objectContaining({
        actor_role: 'admin',
        action: 'erase-personal-data',
        after: { erasedAt: first.body.erasedAt, orders: 1, keysDestroyed: 1 },
      }),
    ]);

    // Another process's codec (fresh cache) and this process's own both fail, with a clear reason.
    await expect(decodedInput(orderId)).rejects.toThrow(
      /destroyed \(the customer's personal data was erased\)/,
    );
    await expect(
      decodedInput(orderId, h.client.options.loadedDataConverter.payloadCodecs[0]!),
    ).rejects.toThrow(/erased/);
    expect((await decodedInput(keptOrderId)).shippingAddress.line1).toBe(kept.address.line1);

    const customer = await h.db('customers').where({ id: erased.id }).first();
    expect(customer).toMatchObject({ name: '[erased]', email: '[erased]', home_lat: null, home_lon: null });
    expect(customer.erased_at).not.toBeNull();
    const order = await h.db('orders').where({ id: orderId }).first();
    expect(order).toMatchObject({
      status: 'completed',
      captured_minor: order.total_minor,
      shipping_address: { country: 'US' },
    });
    expect(await h.db('payments').where({ order_id: orderId }).first()).toMatchObject({ status: 'captured' });
    expect(await h.db('shipments').where({ order_id: orderId })).not.toHaveLength(0);
    const labels = await h.db('sandbox_carrier_labels').whereLike('idempotency_key', `${orderId}:%`);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.map((label) => label.customer_address)).toEqual(labels.map(() => null));
    expect(await h.db('sandbox_card_vault').where({ reference: vaultRef.vaultRef }).first()).toMatchObject({
      token: null,
    });
    expect(await h.db('customers').where({ id: kept.id }).first('name')).toEqual({ name: kept.name });
  });

  test('when the caller is anonymous or not an admin, then erasure answers 401 or 403 and erases nothing', async () => {
    const customer = await distinctCustomer();
    const path = `/v1/customers/${customer.id}/personal-data`;
    expect((await rawApi(h, 'DELETE', path)).status).toBe(401);
    expect((await rawApi(h, 'DELETE', path, undefined, await h.credentials.as('support'))).status).toBe(403);
    const self = await h.credentials.as('customer', customer.id);
    expect((await rawApi(h, 'DELETE', path, undefined, self)).status).toBe(403);
    expect(await h.db('customers').where({ id: customer.id }).first('name', 'erased_at')).toEqual({
      name: customer.name,
      erased_at: null,
    });
  });

  test('when the customer is unknown or the id is malformed, then erasure answers 404 or 400 naming the field', async () => {
    expect((await erase(`cus-${randomUUID()}`)).status).toBe(404);
    const bad = await erase("cus-'quote");
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('id');
  });
});
