import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { onPath } from './which';
import { removePidFile, waitForExit, writePidFile } from './pid-file';

/** A long-running server we started: it dies with us, and its pid file lets the next start find it. */
export interface ServerProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or -1 for a signal) once the process has exited. */
  readonly exited: Promise<number>;
  hasExited(): boolean;
  /** Sends the server's stop signal, then SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServerSpawnOptions {
  name: string;
  command: string;
  args: string[];
  /** Where the pid is recorded while the server runs. */
  pidFile: string;
  /** The signal that shuts the server down cleanly; also what it receives if we die first. */
  stopSignal: NodeJS.Signals;
  /** Commands that exec the server, in order (e.g. `unshare --user …`). */
  launcher?: string[];
  spawnOptions?: SpawnOptions;
}

/**
 * Builds the argv that runs `command` so that it receives `signal` when the process that spawned it dies,
 * even by SIGKILL (prctl PR_SET_PDEATHSIG through util-linux's `setpriv`, which then execs the command).
 * Without setpriv (macOS), the pid files are what finds leftovers at the next start.
 */
export function dyingWithParent(
  command: string,
  args: string[],
  signal: NodeJS.Signals,
  launcher: string[] = [],
): { file: string; args: string[] } {
  const setpriv = process.platform === 'linux' ? onPath('setpriv') : undefined;
  const chain = [...launcher, ...(setpriv ? [setpriv, '--pdeathsig', signal.replace(/^SIG/, ''), '--'] : [])];
  const [file, ...rest] = [...chain, command, ...args];
  return { file: file!, args: rest };
}

/** Spawns a server that stops with its parent and records its pid until it exits. */
export function spawnServer(options: ServerSpawnOptions): ServerProcess {
  const { file, args } = dyingWithParent(options.command, options.args, options.stopSignal, options.launcher);
  const child = spawn(file, args, options.spawnOptions ?? {});
  if (child.pid === undefined) {
    // spawn reports ENOENT/EACCES asynchronously; surface it as an exit.
    child.once('error', () => undefined);
  }
  let exitCode: number | null = null;
  const exited = new Promise<number>((resolve) => {
    const done = (code: number) => {
      if (exitCode !== null) return;
      exitCode = code;
      if (child.pid !== undefined) removePidFile(options.pidFile, child.pid);
      resolve(code);
    };
    child.once('exit', (code) => done(code ?? -1));
    child.once('error', () => done(-1));
  });
  if (child.pid !== undefined) {
    writePidFile(options.pidFile, {
      name: options.name,
      pid: child.pid,
      ownerPid: process.pid,
      command: options.command,
      startedAt: new Date().toISOString(),
    });
  }
  return {
    pid: child.pid ?? -1,
    child,
    exited,
    hasExited: () => exitCode !== null,
    async stop(graceMs = 15_000) {
      if (exitCode !== null || child.pid === undefined) return;
      child.kill(options.stopSignal);
      if (!(await waitForExit(child.pid, graceMs))) child.kill('SIGKILL');
      await exited;
    },
  };
}
