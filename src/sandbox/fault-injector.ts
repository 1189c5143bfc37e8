/** How often a sandbox adapter misbehaves, like a flaky real provider. Both are probabilities in [0, 1]. */
export interface SandboxFaults {
  /** A call fails transiently before doing anything. */
  failureRate: number;
  /** A call does its work and commits it, then fails transiently as if its reply was lost. */
  lostReplyRate: number;
}

/** The default: the sandbox never fails on its own. */
export const NO_FAULTS: Readonly<SandboxFaults> = Object.freeze({ failureRate: 0, lostReplyRate: 0 });

/** The two faults the sandbox injects. */
export type FaultKind = 'unavailable' | 'lost_reply';

/** One injected fault, as the fault log records it. */
export interface InjectedFault {
  adapter: string;
  operation: string;
  kind: FaultKind;
  idempotencyKey: string;
}

/** What a sandbox adapter accepts besides its database: fault rates and the random source they draw from. */
export interface SandboxOptions {
  /** Read at every call, so a test may change the rates between calls. Off by default. */
  faults?: SandboxFaults;
  /** Uniform on [0, 1); Math.random unless a test wants a fixed sequence. */
  random?: () => number;
}

export interface FaultInjectorOptions extends SandboxOptions {
  adapter: string;
  /** Builds the adapter's own transient error (the one its callers retry). */
  unavailable: (message: string) => Error;
  /** Notes each injected fault; best effort, so a failure to note it never changes the outcome. */
  onFault?: (fault: InjectedFault) => Promise<void>;
}

/**
 * Wraps an adapter call with injected transient faults: before the call (nothing done) or after it (done and
 * committed, reply lost). Callers see the adapter's ordinary "unavailable" error either way, so they retry
 * with the same idempotency key, which is what the adapters' ledgers must make safe.
 */
export class FaultInjector {
  private readonly faults: SandboxFaults;
  private readonly random: () => number;

  constructor(private readonly options: FaultInjectorOptions) {
    this.faults = options.faults ?? NO_FAULTS;
    this.random = options.random ?? Math.random;
  }

  /** Runs `work` for `operation` under `idempotencyKey`, failing before or after it at the configured rates. */
  async call<T>(operation: string, idempotencyKey: string, work: () => Promise<T>): Promise<T> {
    if (this.draw(this.faults.failureRate)) {
      await this.note({ operation, idempotencyKey, kind: 'unavailable' });
      throw this.options.unavailable(`${this.options.adapter} unavailable during ${operation} (injected)`);
    }
    const result = await work();
    if (this.draw(this.faults.lostReplyRate)) {
      await this.note({ operation, idempotencyKey, kind: 'lost_reply' });
      throw this.options.unavailable(
        `${this.options.adapter} reply to ${operation} lost (injected; the ${operation} was done)`,
      );
    }
    return result;
  }

  // Draws only when the rate is positive, so an adapter without faults never consumes the random source.
  private draw(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  private async note(fault: Omit<InjectedFault, 'adapter'>): Promise<void> {
    await this.options.onFault?.({ adapter: this.options.adapter, ...fault }).catch(() => undefined);
  }
}
