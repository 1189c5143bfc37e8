import { randomUUID } from 'node:crypto';
import { ENCRYPTED_ENCODING } from '../../src/codec/encryption-codec';
import { payloadToJson, type PayloadsJson } from '../../src/codec/payloads-json';
import { checkoutWorkflowId } from '../../src/temporal/workflow-ids';
import { startHarness, type Harness } from '../support/harness';
import { orderWithStatus, placeOrder } from '../support/http';

const UI_ORIGIN = 'http://localhost:8233';
let h: Harness;
let orderId: string;
let input: PayloadsJson;
const shipTo = `Codec Reader ${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  h = await startHarness({
    codecServer: { namespace: 'default', uiOrigins: [UI_ORIGIN], endpoint: 'http://localhost:3000/codec' },
  });
  orderId = await placeOrder(h, { shippingAddress: { ...address, name: shipTo } });
  await orderWithStatus(h, orderId, 'shipped');
  // The raw history, as the Temporal UI receives it: the service call does not run the client's codec.
  const { history } = await h.client.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: checkoutWorkflowId(orderId) },
  });
  const started = history!.events![0]!.workflowExecutionStartedEventAttributes!;
  input = { payloads: started.input!.payloads!.map((p) => payloadToJson(p as never)) };
});
afterAll(() => h.stop());

const address = { line1: '1 Main St', city: 'New York', postalCode: '10001', country: 'US' };
const utf8 = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

/** POSTs to the codec server with the given headers and body. */
async function codec(path: string, headers: Record<string, string>, body: unknown = input) {
  const response = await fetch(`${h.baseUrl}/codec${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
    body: JSON.stringify(body),
  });
  return { response, body: JSON.parse((await response.text()) || 'null') };
}

describe('codec server', () => {
  test('when support posts a checkout input to /decode, then the encrypted order comes back as plain JSON', async () => {
    expect(utf8(input.payloads[0]!.metadata!.encoding!)).toBe(ENCRYPTED_ENCODING);
    expect(JSON.stringify(input)).not.toContain(Buffer.from(shipTo).toString('base64').slice(0, 12));

    const { response, body } = await codec('/decode', await h.credentials.as('support'));

    expect(response.status).toBe(200);
    const [decoded] = body.payloads;
    expect(utf8(decoded.metadata.encoding)).toBe('json/plain');
    const order = JSON.parse(utf8(decoded.data));
    expect(order).toMatchObject({ orderId, shippingAddress: { name: shipTo } });
  });

  test('when nobody, a bad credential or a customer calls /decode, then it answers 401 or 403 and decodes nothing', async () => {
    const customer = await h.credentials.as('customer', 'cus-alice');
    const cases: [Record<string, string>, number][] = [
      [{}, 401],
      [{ authorization: 'Bearer not-a-token' }, 401],
      [customer, 403],
      [{ cookie: `codec_credential=${customer.authorization.slice('Bearer '.length)}` }, 403],
    ];
    for (const [headers, status] of cases) {
      const { response, body } = await codec('/decode', headers);
      expect([response.status, body.payloads]).toEqual([status, undefined]);
      expect(JSON.stringify(body)).not.toContain(shipTo);
    }
  });

  test('when support logs in at /login, then an HttpOnly SameSite=Lax cookie alone lets /decode answer, until logout', async () => {
    const token = (await h.credentials.as('support')).authorization.slice('Bearer '.length);
    const login = await fetch(`${h.baseUrl}/codec/login`, {
      method: 'POST',
      body: new URLSearchParams({ credential: token }),
    });
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('Logged in as sandbox-support (support)');
    const [cookie] = login.headers.getSetCookie();
    expect(cookie).toMatch(
      /^codec_credential=[^;]+; Max-Age=28800; Path=\/codec; Expires=.*; HttpOnly; SameSite=Lax$/,
    );

    const withCookie = await codec('/decode', { cookie: cookie!.split(';')[0]! });
    expect(withCookie.response.status).toBe(200);
    expect(utf8(withCookie.body.payloads[0].data)).toContain(shipTo);

    const logout = await fetch(`${h.baseUrl}/codec/logout`, { method: 'POST' });
    expect(logout.headers.getSetCookie()[0]).toMatch(
      /^codec_credential=; Path=\/codec; Expires=Thu, 01 Jan 1970/,
    );
  });

  test('when a customer or a bad credential logs in, then no cookie is set and the form says why', async () => {
    const customer = (await h.credentials.as('customer', 'cus-alice')).authorization.slice('Bearer '.length);
    for (const [credential, status, message] of [
      [customer, 403, 'a customer may not read decoded payloads'],
      ['not-a-token', 401, ''],
      ['', 401, 'log in to the codec server with a support credential'],
    ] as const) {
      const login = await fetch(`${h.baseUrl}/codec/login`, {
        method: 'POST',
        body: new URLSearchParams({ credential }),
      });
      expect(login.status).toBe(status);
      expect(login.headers.getSetCookie()).toEqual([]);
      expect(await login.text()).toContain(`<p role="alert"><strong>${message}`);
    }
  });

  test("when the Temporal UI's origin asks first, then CORS allows it with credentials, and no other origin", async () => {
    const preflight = (origin: string) =>
      fetch(`${h.baseUrl}/codec/decode`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    const ui = await preflight(UI_ORIGIN);
    expect(ui.status).toBe(204);
    expect(ui.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(ui.headers.get('access-control-allow-credentials')).toBe('true');
    expect(ui.headers.get('access-control-allow-headers')).toMatch(/Content-Type, X-Namespace/);

    const other = await preflight('http://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const post = await codec('/decode', {
      origin: 'http://evil.example',
      ...(await h.credentials.as('support')),
    });
    expect(post.response.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('when a request names another namespace or holds a malformed payload, then a 400 names the header or field', async () => {
    const support = await h.credentials.as('support');
    const namespace = await codec('/decode', { ...support, 'x-namespace': 'elsewhere' });
    expect([namespace.response.status, namespace.body.field]).toEqual([400, 'X-Namespace']);
    const unnamed = await codec('/decode', { ...support, 'x-namespace': '' }); // as the Temporal CLI sends it
    expect(unnamed.response.status).toBe(200);
    const malformed = await codec('/decode', support, { payloads: [{ metadata: {}, data: '%%%' }] });
    expect([malformed.response.status, malformed.body.field]).toEqual([400, 'payloads[0].data']);
  });

  test('when support encodes a payload, then it comes back encrypted and decodes to the same bytes', async () => {
    const support = await h.credentials.as('support');
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: 'eyJhIjoxfQ==',
    };
    const encoded = await codec('/encode', support, { payloads: [plain] });
    expect(encoded.response.status).toBe(200);
    expect(utf8(encoded.body.payloads[0].metadata.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(encoded.body.payloads[0].data).not.toContain(plain.data);

    const decoded = await codec('/decode', support, encoded.body);
    expect(decoded.body.payloads).toEqual([plain]);
  });
});
