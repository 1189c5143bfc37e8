import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { stopLeftover } from '../ops/leftovers';
import { spawnServer } from '../ops/server-process';

/** A running Temporal CLI dev server. */
export interface DevServerHandle {
  address: string;
  pid: number;
  uiUrl: string | undefined;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  cliPath: string;
  port: number;
  uiPort?: number;
  /** The remote codec server the UI decodes payloads with (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
  namespace: string;
  /** SQLite file, so runs survive a restart; in-memory when omitted (tests). */
  dbFile?: string;
  logFile?: string;
  /** SQLite pragmas for the file (`journal_mode=wal`, say); see config TEMPORAL_SQLITE_PRAGMAS. */
  sqlitePragmas?: readonly string[];
  /** Dynamic config values, KEY=JSON each (see config TEMPORAL_DYNAMIC_CONFIG). */
  dynamicConfig?: readonly string[];
  /** Records the server's pid while it runs; a leftover found here at the next start is stopped. */
  pidFile: string;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

/** Starts `temporal server start-dev` and resolves once its frontend accepts connections. */
export async function startDevServer(options: DevServerOptions): Promise<DevServerHandle> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
  ];
  args.push(...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']));
  if (options.uiPort && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  if (options.dbFile) {
    fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
    for (const pragma of options.sqlitePragmas ?? []) args.push('--sqlite-pragma', pragma);
  }
  for (const setting of options.dynamicConfig ?? []) args.push('--dynamic-config-value', setting);
  args.push('--log-level', 'warn');
  await stopLeftover(options.pidFile, 'SIGTERM', options.log ?? (() => undefined));
  // Checked first: with the port taken, the frontend probe below would find the other server instead.
  if (await portOpen(options.port))
    throw new Error(`port ${options.port} is taken, so Temporal cannot start there (set TEMPORAL_PORT)`);
  const logStream = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const server = spawnServer({
    name: 'Temporal dev server',
    command: options.cliPath,
    args,
    pidFile: options.pidFile,
    stopSignal: 'SIGTERM',
    spawnOptions: { stdio: ['ignore', logStream, logStream] },
  });
  if (typeof logStream === 'number') fs.closeSync(logStream);
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!(await portOpen(options.port))) {
    if (server.hasExited()) {
      throw new Error(
        `temporal server start-dev exited with code ${await server.exited} (is port ${options.port} taken?)` +
          (options.logFile ? `; see ${options.logFile}` : ''),
      );
    }
    if (Date.now() > deadline) {
      await server.stop(0);
      throw new Error(`temporal server start-dev did not listen on ${options.port} in time`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  options.log?.(`Temporal dev server started (pid ${server.pid}) on port ${options.port}.`);
  return {
    address: `127.0.0.1:${options.port}`,
    pid: server.pid,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    stop: () => server.stop(10_000),
  };
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
