import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive, readPidFile } from './pid-file';
import { freePort } from '../temporal/dev-server';

const ROOT = path.resolve(__dirname, '../..');

/** `npm start` running in a child process, with its own data folder and ports (tests and `npm run demo`). */
export interface RunningStart {
  npm: ChildProcess;
  dataDir: string;
  output: () => string;
  /** Resolves once the output contains `text`; rejects if npm exits first or time runs out. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** The pids the start recorded: its own (the start script), PostgreSQL's and Temporal's. */
  pids(): { start: number; postgres: number; temporal: number };
  exited: Promise<number | null>;
  /** The environment it runs with on top of ours: its data folder and the free ports picked for it. */
  env: Record<string, string>;
}

/** Runs `npm start` exactly as the README says, in a private (0700) data folder on free ports. */
export async function runNpmStart(env: NodeJS.ProcessEnv = {}): Promise<RunningStart> {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-')), 'data');
  const ownEnv: Record<string, string> = {
    DATA_DIR: dataDir,
    API_PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    ...(env as Record<string, string>),
  };
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, ...ownEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const record = (name: string) => readPidFile(path.join(dataDir, 'run', `${name}.pid`));
  return {
    npm,
    dataDir,
    env: ownEnv,
    output: () => output,
    exited,
    async waitFor(text, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (hasExited) throw new Error(`npm start exited before printing "${text}":\n${output}`);
        if (Date.now() > deadline) throw new Error(`npm start did not print "${text}" in time:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    pids() {
      const postgres = record('postgres');
      const temporal = record('temporal');
      if (!postgres || !temporal) throw new Error(`no pid files in ${dataDir}/run:\n${output}`);
      return { start: postgres.ownerPid, postgres: postgres.pid, temporal: temporal.pid };
    },
  };
}

/** The pids of `pids` still alive after waiting up to `timeoutMs` for all of them to exit. */
export async function survivorsAfter(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 250));
  return pids.filter(isAlive);
}

/**
 * Runs `npm start` until it is up. A free port picked for it can be taken by another process before the
 * server binds it (other test files start servers at the same time), so a start that failed on a taken
 * port is tried again on new ports, at most three times.
 */
export async function runNpmStartUntilUp(
  upText: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs?: number,
): Promise<RunningStart> {
  for (let attempt = 1; ; attempt += 1) {
    const started = await runNpmStart(env);
    try {
      await started.waitFor(upText, timeoutMs);
      return started;
    } catch (error) {
      if (
        attempt >= 3 ||
        !/is taken|address already in use|port \d+ taken|is the port taken/i.test(started.output())
      )
        throw error;
    }
  }
}
