import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The Temporal CLI release the project pins (Server 1.29.1, UI 2.42.1). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const GO_PACKAGE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

/** The project-local, git-ignored folder the pinned CLI is installed into. */
export const defaultToolsDir = (projectRoot: string): string => path.join(projectRoot, '.tools');

/** The first executable called `command` in a PATH folder, like `command -v` but without a shell. */
function onPath(command: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/**
 * Finds a `temporal` binary: one on PATH, else the project-local install, else installs the pinned
 * CLI with `go install` (a few minutes, once). Fails with how to get one when none of these works.
 */
export function resolveTemporalCli(toolsDir: string, log: (line: string) => void = console.log): string {
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  const local = path.join(toolsDir, 'bin', 'temporal');
  if (fs.existsSync(local)) return local;
  const go = onPath('go');
  if (!go) {
    throw new Error(
      'No Temporal server: TEMPORAL_ADDRESS is not set, no `temporal` binary is on PATH, and Go is not ' +
        `installed to build one. Install Go (https://go.dev/dl/) and re-run, or run \`go install ${GO_PACKAGE}\`, ` +
        'or install the Temporal CLI (https://docs.temporal.io/cli), or point TEMPORAL_ADDRESS at a running server.',
    );
  }
  log(
    `Installing the Temporal CLI ${TEMPORAL_CLI_VERSION} into ${path.dirname(local)} (first run only, takes a few minutes)…`,
  );
  fs.mkdirSync(path.dirname(local), { recursive: true });
  execFileSync(go, ['install', GO_PACKAGE], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOBIN: path.dirname(local) },
  });
  if (!fs.existsSync(local)) throw new Error(`go install ${GO_PACKAGE} finished but ${local} is missing`);
  return local;
}
