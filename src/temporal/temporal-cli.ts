import fs from 'node:fs';
import path from 'node:path';
import { goInstall } from '../ops/go-install';
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
  const local = path.join(toolsDir, 'bin', 'temporal');
  await goInstall(
    {
      label: `the Temporal CLI ${TEMPORAL_CLI_VERSION}`,
      packages: [GO_PACKAGE],
      binDir: path.dirname(local),
      binaries: ['temporal'],
      withoutGo:
        'No Temporal server: TEMPORAL_ADDRESS is not set, no `temporal` binary is on PATH, and Go is not ' +
        `installed to build one. Install Go (https://go.dev/dl/) and re-run, or run \`go install ${GO_PACKAGE}\`, ` +
        'or install the Temporal CLI (https://docs.temporal.io/cli), or point TEMPORAL_ADDRESS at a running server.',
    },
    log,
  );
  return local;
}
