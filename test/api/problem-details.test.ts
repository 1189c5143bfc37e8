import { randomUUID } from 'node:crypto';
import { createTestCustomer } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { orderBody } from '../support/http';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ withWorker: false });
});
afterAll(() => h.stop());

/** Sends a raw request and returns the status, content type and parsed body. */
async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : undefined,
  };
}
const json = { 'content-type': 'application/json' };

describe('errors as RFC 9457 problem details', () => {
  test('when an order has several bad fields, then a 400 problem lists every one and names the first in `field`', async () => {
    const customerId = await createTestCustomer(h.db);
    const key = `problems-${randomUUID()}`;
    const { customerId: _, ...body } = orderBody({
      currency: 'usd',
      lines: [{ sku: 'MUG-LOGO', quantity: 0 }],
      payment: { method: 'cash', token: 'tok_visa' },
      surprise: true,
      extra: 1,
    });
    const response = await send('POST', '/v1/orders', JSON.stringify(body), {
      ...json,
      ...(await h.credentials.as('customer', customerId)),
      'Idempotency-Key': key,
    });
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: 'tag:checkout-saga,2026:problem:invalid_request',
      title: 'Bad Request',
      status: 400,
      error: 'invalid_request',
      field: 'currency',
    });
    expect(response.body.detail).toContain('currency');
    expect(response.body.message).toBe(response.body.detail);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['currency', 'extra', 'lines[0].quantity', 'payment.method', 'surprise'].sort(),
    );
    for (const issue of response.body.errors) expect(issue.message).toEqual(expect.any(String));
    expect(await h.db('orders').where({ customer_id: customerId })).toEqual([]);
  });

  test('when the body is not valid JSON, then a 400 problem names the body', async () => {
    const response = await send('POST', '/v1/orders', '{"customerId":', json);
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, error: 'invalid_json', field: 'body' });
  });

  test('when the body is larger than 100 kB, then the answer is a 413 problem, not a 500', async () => {
    const huge = JSON.stringify({ ...orderBody(), padding: 'x'.repeat(200_000) });
    const response = await send('POST', '/v1/orders', huge, json);
    expect(response.status).toBe(413);
    expect(response.type).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 413,
      title: 'Payload Too Large',
      error: 'payload_too_large',
    });
  });

  test.each([
    ['text/plain', 'customerId=cus-alice'],
    ['application/x-www-form-urlencoded', 'customerId=cus-alice'],
    ['application/xml', '<order/>'],
  ])('when a JSON route gets a %s body, then the answer is a 415 problem', async (type, body) => {
    const response = await send('POST', '/v1/orders', body, { 'content-type': type });
    expect(response.status).toBe(415);
    expect(response.type).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 415, error: 'unsupported_media_type' });
  });

  test('when a JSON body has an unsupported charset, then the answer is a 415 problem', async () => {
    const response = await send('POST', '/v1/orders', '{}', {
      'content-type': 'application/json; charset=koi8-r',
    });
    expect(response).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
  });

  test('when a command without a body is posted with no content type, then it is not refused as unsupported', async () => {
    const response = await send('POST', `/v1/orders/${randomUUID()}/receipt`, undefined, {
      ...(await h.credentials.as('admin')),
    });
    expect(response).toMatchObject({ status: 404, body: { status: 404, error: 'not_found' } });
  });

  test('when a route does not exist, then a 404 problem says so', async () => {
    const response = await send('GET', '/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.type).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ title: 'Not Found', error: 'not_found' });
    expect(response.body.detail).toContain('/v1/nothing-here');
  });

  test('when the OpenAPI document is read, then its error responses are problem details with every issue', async () => {
    const doc = (await send('GET', '/openapi.json')).body;
    const create = doc.paths['/v1/orders'].post.responses;
    const problem = create['400'].content['application/problem+json'].schema;
    expect(problem.required).toEqual(['type', 'title', 'status', 'detail']);
    expect(Object.keys(problem.properties)).toEqual(
      expect.arrayContaining(['field', 'errors', 'error', 'message']),
    );
    expect(Object.keys(create)).toEqual(expect.arrayContaining(['413', '415', '429']));
    expect(create['429'].headers['Retry-After']).toBeDefined();
    expect(create['401'].content['application/problem+json'].schema).toEqual(problem);
  });
});
