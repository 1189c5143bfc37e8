import type { Random } from '../src/algorithms/prng';
import type { ChaosStack } from './chaos-stack';

/** The faults a chaos run inflicts on its stack, besides the sandbox's own. */
export type FaultKind = 'kill-worker' | 'restart-temporal' | 'restart-postgres';

/** A fault, planned for when a share of the orders has been placed. */
export interface PlannedFault {
  kind: FaultKind;
  atProgress: number;
}

/** A fault as it happened. */
export interface FaultRecord {
  kind: FaultKind;
  /** Share of orders placed when it struck. */
  progress: number;
  atMs: number;
  tookMs: number;
}

/**
 * Plans `kills` worker SIGKILLs at random points of the run, and one restart of each server: Temporal
 * early, PostgreSQL later, so that orders are in every stage of the saga when each goes down.
 */
export function planFaults(
  rng: Random,
  counts: { kills: number; temporalRestarts: number; postgresRestarts: number },
) {
  const at = (from: number, to: number) => from + rng.next() * (to - from);
  const plan: PlannedFault[] = [
    ...Array.from({ length: counts.kills }, () => ({
      kind: 'kill-worker' as const,
      atProgress: at(0.1, 0.9),
    })),
    ...Array.from({ length: counts.temporalRestarts }, () => ({
      kind: 'restart-temporal' as const,
      atProgress: at(0.3, 0.5),
    })),
    ...Array.from({ length: counts.postgresRestarts }, () => ({
      kind: 'restart-postgres' as const,
      atProgress: at(0.55, 0.75),
    })),
  ];
  return plan.sort((a, b) => a.atProgress - b.atProgress);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the plan one fault at a time: each waits for its point of progress, then strikes after a random
 * moment. Faults whose point the traffic never reached strike once it ends, so every planned fault happens.
 */
export async function runFaults(
  plan: readonly PlannedFault[],
  env: {
    stack: ChaosStack;
    rng: Random;
    progress: () => number;
    trafficDone: () => boolean;
    startedAt: number;
    log: (line: string) => void;
  },
): Promise<FaultRecord[]> {
  const done: FaultRecord[] = [];
  for (const fault of plan) {
    while (env.progress() < fault.atProgress && !env.trafficDone()) await sleep(100);
    await sleep(env.rng.int(0, 1_500));
    const progress = env.progress();
    const atMs = Date.now() - env.startedAt;
    env.log(`fault: ${fault.kind} at ${Math.round(progress * 100)}% of orders driven`);
    if (fault.kind === 'kill-worker') {
      await env.stack.worker.kill();
      // The worker stays dead a little while, as a crashed pod would before its restart.
      await sleep(env.rng.int(500, 3_000));
      await env.stack.worker.start();
    } else if (fault.kind === 'restart-temporal') {
      await env.stack.restartTemporal();
    } else {
      await env.stack.restartPostgres();
    }
    done.push({ kind: fault.kind, progress, atMs, tookMs: Date.now() - env.startedAt - atMs });
  }
  return done;
}
