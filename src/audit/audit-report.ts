/** One broken rule, named by what it is about, so an investigation can start from the order or the row. */
export interface Violation {
  orderId?: string;
  warehouseId?: string;
  sku?: string;
  message: string;
}

/** The outcome of one invariant: pass or fail, what was counted, and the first few violations. */
export interface InvariantResult {
  name: string;
  passed: boolean;
  /** What was checked and found, e.g. `{ orders: 200, charges: 180 }`. */
  counts: Record<string, number>;
  /** How many violations there were in all. */
  violationCount: number;
  /** The first few violations (the rest are only counted). */
  violations: Violation[];
}

/** The auditor's answer: every invariant checked, and whether all of them hold. */
export interface AuditReport {
  passed: boolean;
  auditedAt: string;
  invariants: InvariantResult[];
}

/** How many violations an invariant keeps by default; more are counted, not listed. */
export const DEFAULT_MAX_EXAMPLES = 5;

/** Collects one invariant's counts and violations while it is checked. */
export class InvariantCheck {
  private readonly counts: Record<string, number> = {};
  private readonly examples: Violation[] = [];
  private violationCount = 0;

  constructor(
    readonly name: string,
    private readonly maxExamples = DEFAULT_MAX_EXAMPLES,
  ) {}

  /** Adds `by` to a named count (it shows in the report even when it stays 0). */
  count(key: string, by = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + by;
  }

  /** Records a violation; only the first `maxExamples` are kept in full. */
  fail(violation: Violation): void {
    this.violationCount += 1;
    if (this.examples.length < this.maxExamples) this.examples.push(violation);
  }

  result(): InvariantResult {
    return {
      name: this.name,
      passed: this.violationCount === 0,
      counts: { ...this.counts },
      violationCount: this.violationCount,
      violations: [...this.examples],
    };
  }
}

/** Runs `fn` over `items` with at most `limit` at once, keeping the order of the results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
