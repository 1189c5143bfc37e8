import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlreadyRunningError, stopLeftover } from '../../src/ops/leftovers';
import { isAlive, readPidFile, writePidFile } from '../../src/ops/pid-file';
import { startTogether } from '../../src/ops/start-together';
import { survivorsAfter } from '../../src/ops/npm-start-process';
import { startTestServers } from '../support/test-servers';

const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'leftovers-'));

/** A stand-in server: a real process that runs until signalled. */
const spawnSleeper = () => {
  const child = spawn('sleep', ['300'], { stdio: 'ignore', detached: true });
  child.unref();
  return child.pid!;
};

/** A pid that is certainly dead: a process that has already exited. */
const deadPid = async () => {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
};

describe('servers left over by an earlier start', () => {
  test('when a server outlived the start that launched it, then the next start stops it', async () => {
    const pidFile = path.join(scratch(), 'run', 'server.pid');
    const pid = spawnSleeper();
    writePidFile(pidFile, {
      name: 'Sleeper',
      pid,
      ownerPid: await deadPid(),
      command: 'sleep',
      startedAt: '',
    });
    const lines: string[] = [];
    await stopLeftover(pidFile, 'SIGTERM', (line) => lines.push(line));
    expect(isAlive(pid)).toBe(false);
    expect(lines.join('\n')).toContain(`left running by an earlier start (pid ${pid})`);
    expect(readPidFile(pidFile)).toBeUndefined();
  });

  test('when the start that launched it is still running, then the next start refuses instead of killing it', async () => {
    const pidFile = path.join(scratch(), 'run', 'server.pid');
    const pid = spawnSleeper();
    const owner = spawnSleeper();
    writePidFile(pidFile, { name: 'Sleeper', pid, ownerPid: owner, command: 'sleep', startedAt: '' });
    try {
      await expect(stopLeftover(pidFile, 'SIGTERM', () => undefined)).rejects.toThrow(AlreadyRunningError);
      expect(isAlive(pid)).toBe(true);
    } finally {
      process.kill(pid, 'SIGKILL');
      process.kill(owner, 'SIGKILL');
    }
  });

  test('when the recorded pid now belongs to another program, then it is left alone', async () => {
    const pidFile = path.join(scratch(), 'run', 'server.pid');
    const pid = spawnSleeper();
    writePidFile(pidFile, {
      name: 'Temporal',
      pid,
      ownerPid: await deadPid(),
      command: 'temporal',
      startedAt: '',
    });
    try {
      await stopLeftover(pidFile, 'SIGTERM', () => undefined);
      expect(isAlive(pid)).toBe(true);
      expect(readPidFile(pidFile)).toBeUndefined();
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });
});

describe('starting servers side by side', () => {
  test('when the second server fails to start, then the first is stopped before the error is reported', async () => {
    const stopped: string[] = [];
    const first = async () => ({ stop: async () => void stopped.push('first') });
    const second = async (): Promise<{ stop(): Promise<void> }> => {
      throw new Error('second failed');
    };
    await expect(startTogether([first, second])).rejects.toThrow('second failed');
    expect(stopped).toEqual(['first']);
  });

  test('when Temporal fails while PostgreSQL starts beside it, then the test set-up leaves no PostgreSQL running', async () => {
    const dir = scratch();
    const runDir = path.join(dir, 'run');
    // A "Temporal CLI" that exits at once, as a broken install would.
    const cliPath = path.join(dir, 'temporal');
    fs.writeFileSync(cliPath, '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    const seen: number[] = [];
    const watcher = setInterval(() => {
      const record = readPidFile(path.join(runDir, 'test-postgres.pid'));
      if (record && !seen.includes(record.pid)) seen.push(record.pid);
    }, 20);
    try {
      await expect(startTestServers({ dataDir: path.join(dir, 'data'), runDir, cliPath })).rejects.toThrow(
        /exited with code 3/,
      );
    } finally {
      clearInterval(watcher);
    }
    expect(seen.length).toBe(1);
    expect(await survivorsAfter(seen, 5_000)).toEqual([]);
  });
});
