import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_ENV } from './test-env';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Starts a checkout worker in a process of its own (test/support/worker-process.ts) on `taskQueue` and
 * resolves once it polls. `temporalAddress` points it at another server than the run's dev server.
 * Node itself with tsx's loader (not the tsx wrapper), so that SIGKILL hits the process running the worker.
 */
export function startWorkerProcess(
  taskQueue: string,
  children: ChildProcess[],
  temporalAddress?: string,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'worker-process.ts'), taskQueue],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: temporalAddress ? { ...process.env, [TEST_ENV.temporalAddress]: temporalAddress } : process.env,
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
  });
}
