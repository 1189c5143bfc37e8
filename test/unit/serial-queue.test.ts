import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { SerialQueue } from '../../workflows/serial-queue';

/** Lets queued jobs and their handlers run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the handler queue', () => {
  test('when a job fails with a Temporal failure, then it is reported and the next job still runs', async () => {
    const failures: unknown[] = [];
    const ran: string[] = [];
    const queue = new SerialQueue((error) => void failures.push(error));
    queue.push(async () => {
      throw ApplicationFailure.nonRetryable('provider refused', 'RefundRefusedByProvider');
    });
    queue.push(async () => void ran.push('next'));
    await settle();
    expect(failures).toHaveLength(1);
    expect(ran).toEqual(['next']);
    expect(queue.idle).toBe(true);
  });

  test('when a job has a bug (a TypeError), then it is not swallowed: the rejection is left unhandled', () => {
    // In a process of its own: jest's environment handles unhandled rejections itself.
    const snippet = [
      "const { SerialQueue } = require('./workflows/serial-queue');",
      "process.on('unhandledRejection', (e) => { console.log('unhandled:' + e.name); process.exit(0); });",
      "const queue = new SerialQueue(() => console.log('reported as a failure'));",
      "queue.push(async () => { throw new TypeError('undefined is not a function'); });",
      'setTimeout(() => process.exit(3), 2000);',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', snippet], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stdout.trim()).toBe('unhandled:TypeError');
    expect(result.status).toBe(0);
  });
});
