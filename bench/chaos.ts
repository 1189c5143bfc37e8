import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatChaosReport, writeChaosResult } from './chaos-report';
import { runChaos } from './chaos-run';

// `npm run chaos [-- --orders N --kills K --seed S]`: N checkouts on a stack of its own while the worker is
// killed, Temporal and PostgreSQL restart and the sandbox fails at random; then an audit of every invariant.
// Prints a table, writes bench/results/chaos-<date>.json and exits non-zero on any violation.

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string' },
      kills: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  const int = (name: keyof typeof values, min: number) => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return value;
  };
  const result = await runChaos({
    root: ROOT,
    orders: int('orders', 1),
    kills: int('kills', 0),
    seed: int('seed', 0),
    concurrency: int('concurrency', 1),
    log: (line) => console.log(line),
  });
  console.log(formatChaosReport(result));
  console.log(
    `Report written to ${path.relative(ROOT, writeChaosResult(result, path.join(ROOT, 'bench', 'results')))}`,
  );
  return result.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
