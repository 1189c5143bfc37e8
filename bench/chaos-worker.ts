import fs from 'node:fs';
import path from 'node:path';
import { spawnServer, type ServerProcess } from '../src/ops/server-process';

/** Where and how the worker process runs. */
export interface WorkerProcessOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  pidFile: string;
  logFile: string;
  log: (line: string) => void;
  /** How long a start may take (it bundles the workflows first). */
  readyTimeoutMs?: number;
  /** Another server to supervise the same way (the API, the benchmark's bare worker): its script and name. */
  entry?: string;
  name?: string;
  /** The line it prints once ready. */
  readyLine?: string;
  /** Node flags before the script (the benchmark's `--profile` passes `--cpu-prof`). */
  nodeArgs?: readonly string[];
}

const READY_LINE = 'Worker polling';

/**
 * The checkout worker as a child process (`node --import tsx src/cli/worker.ts`), so that it can be killed
 * outright with SIGKILL. Like a process manager, it restarts a worker that dies on its own, and counts that.
 */
export class WorkerSupervisor {
  private current: ServerProcess | null = null;
  private stopping = false;
  private restarting: Promise<void> | null = null;
  /** Workers that died without being killed or stopped (each was restarted). */
  unplannedExits = 0;
  /** Workers killed on purpose with SIGKILL. */
  kills = 0;
  starts = 0;

  constructor(private readonly options: WorkerProcessOptions) {}

  /** Starts a worker and resolves once it polls the task queue. */
  async start(): Promise<void> {
    const { root, env, pidFile, logFile, entry = 'src/cli/worker.ts', readyLine = READY_LINE } = this.options;
    const log = fs.openSync(logFile, 'a');
    // Node itself with tsx's loader (not a wrapper), so that SIGKILL hits the process running the worker.
    const server = spawnServer({
      name: this.options.name ?? 'checkout worker',
      command: process.execPath,
      args: [...(this.options.nodeArgs ?? []), '--import', 'tsx', path.join(root, entry)],
      pidFile,
      stopSignal: 'SIGTERM',
      spawnOptions: { cwd: root, env, stdio: ['ignore', 'pipe', log] },
    });
    fs.closeSync(log);
    this.current = server;
    this.starts += 1;
    const logStream = fs.createWriteStream(logFile, { flags: 'a' });
    let seen = '';
    const ready = new Promise<boolean>((resolve) => {
      server.child.stdout!.on('data', (chunk: Buffer) => {
        logStream.write(chunk);
        if (seen.length < 10_000) seen += chunk.toString('utf8');
        if (seen.includes(readyLine)) resolve(true);
      });
      void server.exited.then(() => resolve(false));
    });
    void server.exited.then(() => {
      logStream.end();
      if (this.current === server && !this.stopping) {
        this.unplannedExits += 1;
        this.options.log(`${this.options.name ?? 'worker'} ${server.pid} exited on its own: restarting it`);
        this.restarting = this.start().finally(() => (this.restarting = null));
      }
    });
    const timeout = this.options.readyTimeoutMs ?? 180_000;
    const started = await Promise.race([
      ready,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeout).unref()),
    ]);
    if (started !== true) {
      throw new Error(
        `the worker did not start (${started === 'timeout' ? 'timed out' : 'it exited'}); see ${logFile}`,
      );
    }
  }

  /** SIGKILLs the running worker and waits until it is gone; no restart until `start`. */
  async kill(): Promise<void> {
    await this.restarting;
    const server = this.current;
    if (!server) return;
    this.current = null;
    server.child.kill('SIGKILL');
    await server.exited;
    this.kills += 1;
  }

  /** The running process's id, for resource readings. */
  get pid(): number | undefined {
    return this.current?.pid;
  }

  /** Waits for a restart in progress, if a worker died on its own. */
  async settled(): Promise<void> {
    await this.restarting;
  }

  /** Stops the worker cleanly (SIGTERM, then SIGKILL after a grace period). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.restarting?.catch(() => undefined);
    await this.current?.stop(10_000);
    this.current = null;
  }
}
