import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { onPath } from '../ops/which';

/**
 * Who the PostgreSQL server runs as. PostgreSQL refuses to run as root, so as root it needs another
 * identity, and that identity must reach its binaries (in node_modules) and its data (in the data
 * folder), even when the clone sits in a private folder (mode 0700, as root's home is).
 *
 * - `self`: not root; the server runs as we do.
 * - `user-namespace` (preferred as root): `unshare --user` maps our uid to an ordinary one inside a user
 *   namespace. PostgreSQL sees a non-root uid, while the kernel still sees us, the owner of the clone, so
 *   every folder we can enter stays reachable and the data stays ours. Nothing is copied or chmod-ed.
 * - `account`: where user namespaces are disabled (some containers), the `postgres` account, created if
 *   missing. It only works when that account can enter every folder on the way; otherwise we fail at
 *   once with what to change, instead of letting initdb fail with EACCES.
 */
export type PostgresIdentity =
  | { kind: 'self' }
  | { kind: 'user-namespace'; launcher: string[] }
  | { kind: 'account'; name: string; uid: number; gid: number };

export type IdentityChoice = 'auto' | 'user-namespace' | 'account';

const ACCOUNT = 'postgres';

/** Thrown when no identity can run the server from where the clone is; the message says what to change. */
export class PostgresPlacementError extends Error {
  override name = 'PostgresPlacementError';
}

/** Picks the identity for a server whose binary and data folder are given. */
export function choosePostgresIdentity(options: {
  binary: string;
  dataDir: string;
  choice?: IdentityChoice;
}): PostgresIdentity {
  if (process.getuid?.() !== 0) return { kind: 'self' };
  const choice = options.choice ?? 'auto';
  if (choice !== 'account') {
    const launcher = userNamespaceLauncher();
    if (launcher) return { kind: 'user-namespace', launcher };
    if (choice === 'user-namespace')
      throw new Error('user namespaces are not available here (unshare --user failed)');
  }
  const account = ensureAccount();
  const blocked = [options.binary, nearestExisting(path.dirname(options.dataDir))].filter(
    (target) => !reachableBy(account, target),
  );
  if (blocked.length > 0) {
    throw new PostgresPlacementError(
      `PostgreSQL cannot run as root, and the '${ACCOUNT}' account it would run as cannot reach ` +
        `${blocked.join(' and ')}: a folder on the way is private (such as a home folder with mode 0700). ` +
        'Clone the project into a folder other users can enter (or `chmod o+x` each folder above it), ' +
        'or set DATABASE_URL to a PostgreSQL server you run yourself.',
    );
  }
  return account;
}

/** The `unshare` prefix that runs a command under an ordinary uid in a user namespace, if that works here. */
function userNamespaceLauncher(): string[] | undefined {
  const unshare = process.platform === 'linux' ? onPath('unshare') : undefined;
  if (!unshare) return undefined;
  // The inner uid needs a passwd entry: initdb looks up its own user name.
  const inner = passwdEntry(ACCOUNT) ?? passwdEntry('nobody');
  if (!inner) return undefined;
  const launcher = [unshare, '--user', `--map-user=${inner.uid}`, `--map-group=${inner.gid}`, '--'];
  const probe = spawnSync(launcher[0]!, [...launcher.slice(1), 'true'], { stdio: 'ignore' });
  return probe.status === 0 ? launcher : undefined;
}

function passwdEntry(name: string): { uid: number; gid: number } | undefined {
  const result = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
  const fields = result.status === 0 ? result.stdout.trim().split(':') : [];
  return fields.length >= 4 ? { uid: Number(fields[2]), gid: Number(fields[3]) } : undefined;
}

function ensureAccount(): { kind: 'account'; name: string; uid: number; gid: number } {
  let entry = passwdEntry(ACCOUNT);
  if (!entry) {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', ACCOUNT], { stdio: 'ignore' });
    entry = passwdEntry(ACCOUNT);
  }
  if (!entry) throw new Error(`could not find or create the '${ACCOUNT}' account to run PostgreSQL as`);
  return { kind: 'account', name: ACCOUNT, ...entry };
}

/** Whether `account` can reach `target` (every folder on the way must let it in). */
function reachableBy(account: { uid: number; gid: number }, target: string): boolean {
  const result = spawnSync('test', ['-x', target], { uid: account.uid, gid: account.gid, stdio: 'ignore' });
  return result.status === 0;
}

function nearestExisting(folder: string): string {
  let current = folder;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** The uid and gid that files of the server must belong to, as the kernel outside any namespace sees it. */
export function ownerOf(identity: PostgresIdentity): { uid: number; gid: number } {
  if (identity.kind === 'account') return { uid: identity.uid, gid: identity.gid };
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
}

/** Hands a folder tree to `owner` when its top belongs to someone else (e.g. data made by another mode). */
export function ensureOwnedBy(folder: string, owner: { uid: number; gid: number }): void {
  if (!fs.existsSync(folder)) return;
  const stat = fs.statSync(folder);
  if (stat.uid === owner.uid && stat.gid === owner.gid) return;
  const walk = (target: string) => {
    fs.lchownSync(target, owner.uid, owner.gid);
    if (fs.lstatSync(target).isDirectory()) {
      for (const entry of fs.readdirSync(target)) walk(path.join(target, entry));
    }
  };
  walk(folder);
}
