import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { onPath } from '../ops/which';

/** The Temporal CLI release the project pins (Server 1.29.1, UI 2.42.1). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const GO_PACKAGE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

/** The project-local, git-ignored folder the pinned CLI is installed into. */
export const defaultToolsDir = (projectRoot: string): string => path.join(projectRoot, '.tools');

/** A `temporal` binary already here: one on PATH, else the project-local install. */
export function findTemporalCli(toolsDir: string): string | undefined {
  const local = path.join(toolsDir, 'bin', 'temporal');
  return onPath('temporal') ?? (fs.existsSync(local) ? local : undefined);
}

/**
 * Finds a `temporal` binary: one on PATH, else the project-local install, else installs the pinned
 * CLI with `go install` (a few minutes, once), printing progress so the first start does not look hung.
 * Fails with how to get one when none of these works.
 */
export async function resolveTemporalCli(
  toolsDir: string,
  log: (line: string) => void = console.log,
): Promise<string> {
  const found = findTemporalCli(toolsDir);
  if (found) return found;
  const go = onPath('go');
  if (!go) {
    throw new Error(
      'No Temporal server: TEMPORAL_ADDRESS is not set, no `temporal` binary is on PATH, and Go is not ' +
        `installed to build one. Install Go (https://go.dev/dl/) and re-run, or run \`go install ${GO_PACKAGE}\`, ` +
        'or install the Temporal CLI (https://docs.temporal.io/cli), or point TEMPORAL_ADDRESS at a running server.',
    );
  }
  const local = path.join(toolsDir, 'bin', 'temporal');
  log(`Installing the Temporal CLI ${TEMPORAL_CLI_VERSION} into ${path.dirname(local)} with \`go install\``);
  log('  (first run only: it downloads and compiles the CLI, which takes a few minutes)');
  fs.mkdirSync(path.dirname(local), { recursive: true });
  const startedAt = Date.now();
  const ticker = setInterval(
    () => log(`  still installing the Temporal CLI… ${Math.round((Date.now() - startedAt) / 1000)} s`),
    15_000,
  );
  try {
    const child = spawn(go, ['install', GO_PACKAGE], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOBIN: path.dirname(local) },
    });
    const code = await new Promise<number>((resolve) => {
      child.once('error', () => resolve(-1));
      child.once('exit', (exitCode) => resolve(exitCode ?? -1));
    });
    if (code !== 0) throw new Error(`go install ${GO_PACKAGE} failed with exit code ${code}`);
  } finally {
    clearInterval(ticker);
  }
  if (!fs.existsSync(local)) throw new Error(`go install ${GO_PACKAGE} finished but ${local} is missing`);
  log(`Installed the Temporal CLI in ${Math.round((Date.now() - startedAt) / 1000)} s.`);
  return local;
}
