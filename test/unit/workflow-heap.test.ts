import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Runs `capWorkflowThreadHeap(megabytes)` in a fresh Node process, then reports a new thread's heap limit. */
function threadHeapLimitMb(megabytes: number): number {
  const script = `
    const { capWorkflowThreadHeap } = require('./src/worker/workflow-heap.ts');
    const { Worker } = require('node:worker_threads');
    capWorkflowThreadHeap(${megabytes});
    new Worker("require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit)", { eval: true })
      .on('message', (limit) => { console.log(Math.round(limit / 2 ** 20)); process.exit(0); });
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return Number(out.trim());
}

test('when the workflow heap is capped, then a thread started afterwards gets that limit, and 0 keeps Node’s default', () => {
  const capped = threadHeapLimitMb(256);
  // The old generation's limit plus the young generation's.
  expect(capped).toBeGreaterThanOrEqual(256);
  expect(capped).toBeLessThan(400);
  expect(threadHeapLimitMb(0)).toBeGreaterThan(capped);
});
