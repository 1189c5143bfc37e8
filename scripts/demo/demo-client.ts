import type { TokenRole } from '../../src/auth/roles';
import type { SandboxCallers } from '../../src/sandbox/sandbox-callers';

/** What the API answered: the status and the parsed JSON body. */
export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A caller the demo plays: a customer, support staff or an admin (by bearer token), or a signed webhook. */
export type Caller = { role: TokenRole; subject?: string } | 'carrier' | 'provider';

/**
 * The demo's HTTP client: every request goes over HTTP to the running API, as the role it names, with
 * tokens and webhook signatures made from the stack's own keys (the sandbox's parties hold them).
 */
export function createDemoClient(baseUrl: string, callers: SandboxCallers) {
  async function call(caller: Caller, method: string, path: string, body?: unknown, headers = {}) {
    let text = body === undefined ? undefined : JSON.stringify(body);
    let auth: Record<string, string>;
    if (caller === 'carrier' || caller === 'provider') {
      const prepared = await callers.prepare('POST', path, body);
      text = prepared.body;
      auth = prepared.headers;
    } else auth = await callers.as(caller.role, caller.subject);
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...auth, ...headers, ...(text === undefined ? {} : { 'content-type': 'application/json' }) },
      body: text,
    });
    const raw = await response.text();
    const answer: Answer = { status: response.status, body: raw ? JSON.parse(raw) : undefined };
    if (response.status >= 400)
      throw new Error(`${method} ${path} answered ${response.status}: ${raw.slice(0, 300)}`);
    return answer;
  }

  /** Polls until `done` holds for what `read` returns (60 s at most by default). */
  async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 90_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  const admin: Caller = { role: 'admin', subject: 'admin-ada' };
  const support: Caller = { role: 'support', subject: 'support-sam' };
  const order = async (orderId: string) => (await call(admin, 'GET', `/v1/orders/${orderId}`)).body;
  const payment = async (orderId: string) => (await call(admin, 'GET', `/v1/orders/${orderId}/payment`)).body;

  return {
    call,
    until,
    admin,
    support,
    order,
    payment,
    /** Waits for the order to reach one of `statuses`; a review on the way is approved by support. */
    async reach(orderId: string, ...statuses: string[]) {
      return until(
        `order ${orderId} to be ${statuses.join(' or ')}`,
        async () => {
          const view = await order(orderId);
          if (view.status === 'in_review' && !statuses.includes('in_review'))
            await call(support, 'POST', `/v1/orders/${orderId}/review`, {
              decision: 'approve',
              note: 'demo: known customer',
            }).catch(() => undefined);
          return view;
        },
        (view) => statuses.includes(view.status),
      );
    },
    /** The carrier reports a parcel's status (signed by the sandbox carrier). */
    carrier: (trackingNumber: string, status: string) =>
      call('carrier', 'POST', '/v1/webhooks/carrier', { trackingNumber, status }),
  };
}
export type DemoClient = ReturnType<typeof createDemoClient>;
