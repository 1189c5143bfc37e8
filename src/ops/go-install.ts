import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { onPath } from './which';

/** What a `go install` builds: pinned packages (`path@version`), into `binDir`, for a person to read about. */
export interface GoInstallRequest {
  /** What is being built, as a person calls it ("the Temporal CLI v1.5.1"). */
  label: string;
  packages: string[];
  binDir: string;
  /** The binaries `go install` must leave in binDir. */
  binaries: string[];
  /** Said when Go is missing: how else to get the binaries. */
  withoutGo: string;
}

/**
 * Builds pinned Go packages from the module proxy into a project-local folder (a few minutes, once),
 * printing progress so a first start does not look hung. Fails with `withoutGo` when Go is missing.
 */
export async function goInstall(
  request: GoInstallRequest,
  log: (line: string) => void = console.log,
): Promise<void> {
  const go = onPath('go');
  if (!go) throw new Error(request.withoutGo);
  log(`Installing ${request.label} into ${request.binDir} with \`go install\``);
  log('  (first run only: it downloads and compiles it, which takes a few minutes)');
  fs.mkdirSync(request.binDir, { recursive: true });
  const startedAt = Date.now();
  const ticker = setInterval(
    () => log(`  still installing ${request.label}… ${Math.round((Date.now() - startedAt) / 1000)} s`),
    15_000,
  );
  try {
    const child = spawn(go, ['install', ...request.packages], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOBIN: request.binDir },
    });
    const code = await new Promise<number>((resolve) => {
      child.once('error', () => resolve(-1));
      child.once('exit', (exitCode) => resolve(exitCode ?? -1));
    });
    if (code !== 0) throw new Error(`go install ${request.packages.join(' ')} failed with exit code ${code}`);
  } finally {
    clearInterval(ticker);
  }
  const missing = request.binaries.filter((name) => !fs.existsSync(`${request.binDir}/${name}`));
  if (missing.length > 0) throw new Error(`go install finished but ${missing.join(', ')} is missing`);
  log(`Installed ${request.label} in ${Math.round((Date.now() - startedAt) / 1000)} s.`);
}
