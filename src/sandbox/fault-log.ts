import type { Knex } from 'knex';
import { FaultInjector, type FaultKind, type InjectedFault, type SandboxOptions } from './fault-injector';

/** The fault injector a sandbox adapter uses: its own transient error, and every fault noted in the table. */
export function loggedFaultInjector(
  db: Knex,
  adapter: string,
  unavailable: (message: string) => Error,
  options: SandboxOptions,
): FaultInjector {
  return new FaultInjector({ ...options, adapter, unavailable, onFault: faultLogger(db) });
}

/** Appends an injected fault to `sandbox_faults`, so that a chaos run can count what it provoked. */
export function faultLogger(db: Knex): (fault: InjectedFault) => Promise<void> {
  return async (fault) => {
    await db('sandbox_faults').insert({
      adapter: fault.adapter,
      operation: fault.operation,
      kind: fault.kind,
      idempotency_key: fault.idempotencyKey,
    });
  };
}

/** Injected faults counted by adapter, operation and kind, e.g. `{ 'sandbox:charge:lost_reply': 3 }`. */
export async function countInjectedFaults(db: Knex): Promise<Record<string, number>> {
  const rows: { adapter: string; operation: string; kind: FaultKind; n: number | string }[] = await db(
    'sandbox_faults',
  )
    .groupBy('adapter', 'operation', 'kind')
    .orderBy(['adapter', 'operation', 'kind'])
    .select('adapter', 'operation', 'kind')
    .count({ n: '*' });
  return Object.fromEntries(rows.map((r) => [`${r.adapter}:${r.operation}:${r.kind}`, Number(r.n)]));
}
