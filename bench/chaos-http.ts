import type { SandboxCallers } from '../src/sandbox/sandbox-callers';
import type { TrafficGate } from './chaos-gate';

/** What a request is expected to get: anything but a 5xx, or (for a hostile request) a 4xx. */
export type Expectation = 'any' | 'hostile';

/** A response as the driver reads it. */
export interface ChaosResponse {
  status: number;
  // The driver reads bodies loosely (status, shipments, amounts) and checks what it needs.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A request that broke the rules: a 5xx, a hostile request accepted, or no answer at all. */
export interface BadResponse {
  /** When the request was sent, to line it up with the faults. */
  at: string;
  what: string;
  method: string;
  path: string;
  status: number | null;
  answer: string;
}

/** Counts of what the API answered, for the report. */
export interface HttpStats {
  requests: number;
  byStatus: Record<string, number>;
  hostile: { sent: number; refused: number; byStatus: Record<string, number> };
  serverErrors: number;
  hostileAccepted: number;
  noAnswer: number;
  /** The first few bad responses in full. */
  examples: BadResponse[];
}

const MAX_EXAMPLES = 10;
const REQUEST_TIMEOUT_MS = 120_000;

/** The chaos run's HTTP client: every request passes the traffic gate and every answer is counted. */
export class ChaosHttp {
  readonly stats: HttpStats = {
    requests: 0,
    byStatus: {},
    hostile: { sent: 0, refused: 0, byStatus: {} },
    serverErrors: 0,
    hostileAccepted: 0,
    noAnswer: 0,
    examples: [],
  };

  constructor(
    private readonly baseUrl: string,
    private readonly gate: TrafficGate,
    private readonly callers: SandboxCallers,
  ) {}

  /** Sends one request; `what` says what it is for when it goes wrong, `expect` how to judge the answer. */
  async send(
    method: string,
    path: string,
    body?: unknown,
    options: { expect?: Expectation; what?: string } = {},
  ): Promise<ChaosResponse> {
    const expect = options.expect ?? 'any';
    const what = options.what ?? `${method} ${path}`;
    const call = await this.callers.prepare(method, path, body);
    const leave = await this.gate.enter();
    const at = new Date().toISOString();
    let status: number | null = null;
    let text = '';
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...call.headers },
        body: call.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      text = String((error as Error).message);
    } finally {
      leave();
    }
    this.count(status, expect, { at, what, method, path, status, answer: text.slice(0, 300) });
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: status ?? 0, body: parsed };
  }

  private count(status: number | null, expect: Expectation, detail: BadResponse): void {
    const { stats } = this;
    const key = status === null ? 'none' : String(status);
    stats.requests += 1;
    stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
    if (expect === 'hostile') {
      stats.hostile.sent += 1;
      stats.hostile.byStatus[key] = (stats.hostile.byStatus[key] ?? 0) + 1;
      if (status !== null && status >= 400 && status < 500) stats.hostile.refused += 1;
    }
    let bad = false;
    if (status === null) {
      stats.noAnswer += 1;
      bad = true;
    } else if (status >= 500) {
      stats.serverErrors += 1;
      bad = true;
    } else if (expect === 'hostile' && status < 400) {
      stats.hostileAccepted += 1;
      bad = true;
    }
    if (bad && stats.examples.length < MAX_EXAMPLES) stats.examples.push(detail);
  }
}
