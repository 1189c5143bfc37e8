import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What a pid file records: the server, who started it, and what it runs (to recognise it later). */
export interface PidRecord {
  name: string;
  pid: number;
  ownerPid: number;
  command: string;
  startedAt: string;
}

export function writePidFile(file: string, record: PidRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(record)}\n`);
}

export function readPidFile(file: string): PidRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** Removes the pid file if it still names `pid` (a newer start may have replaced it). */
export function removePidFile(file: string, pid: number): void {
  if (readPidFile(file)?.pid === pid) fs.rmSync(file, { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process (via `ps`, which Linux and macOS both have), or undefined. */
export function commandLineOf(pid: number): string | undefined {
  const result = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  const line = result.status === 0 ? result.stdout.trim() : '';
  return line === '' ? undefined : line;
}

/** True while `pid` is alive and still runs the recorded command (pids are reused). */
export function stillRuns(record: PidRecord): boolean {
  return isAlive(record.pid) && (commandLineOf(record.pid)?.includes(record.command) ?? false);
}

/** Resolves once `pid` has exited, or with false after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
