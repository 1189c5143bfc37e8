import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { goInstall } from '../ops/go-install';
import { onPath } from '../ops/which';

/** The Temporal server release cluster mode runs: the same server the pinned CLI embeds (1.29.1). */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';
const PACKAGES = [`${MODULE}/cmd/server`, `${MODULE}/cmd/tools/sql`].map(
  (pkg) => `${pkg}@${TEMPORAL_SERVER_VERSION}`,
);

/** The server, its SQL schema tool, and the PostgreSQL schema files of the same module version. */
export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  /** `schema/postgresql/v12` of the module: `temporal/versioned` and `visibility/versioned` below it. */
  schemaDir: string;
}

/** The versioned folder under the tools folder: another pinned version installs beside it. */
export const temporalServerDir = (toolsDir: string) =>
  path.join(toolsDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);

/**
 * The pinned server and SQL tool, built with `go install` into the tools folder on first use (several
 * minutes cold), and the schema files from the Go module cache (downloaded again if it was cleaned).
 */
export async function resolveTemporalServer(
  toolsDir: string,
  log: (line: string) => void = console.log,
): Promise<TemporalServerBinaries> {
  const binDir = temporalServerDir(toolsDir);
  const binaries = { server: path.join(binDir, 'server'), sqlTool: path.join(binDir, 'sql') };
  if (!fs.existsSync(binaries.server) || !fs.existsSync(binaries.sqlTool)) {
    await goInstall(
      {
        label: `the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool`,
        packages: PACKAGES,
        binDir,
        binaries: ['server', 'sql'],
        withoutGo: `Cluster mode builds the Temporal server with Go, which is not installed: install Go (https://go.dev/dl/) and re-run, or run \`go install ${PACKAGES.join(' ')}\` with GOBIN=${binDir}.`,
      },
      log,
    );
  }
  return { ...binaries, schemaDir: path.join(moduleDir(), 'schema', 'postgresql', 'v12') };
}

/** Where the Go module cache holds the server module (`go mod download` fetches it if needed). */
function moduleDir(): string {
  const go = onPath('go');
  if (!go) throw new Error('Go is needed to find the Temporal schema files (go mod download)');
  const output = execFileSync(go, ['mod', 'download', '-json', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], {
    cwd: path.sep,
    encoding: 'utf8',
  });
  const { Dir } = JSON.parse(output) as { Dir?: string };
  if (!Dir) throw new Error(`go mod download gave no folder for ${MODULE}@${TEMPORAL_SERVER_VERSION}`);
  return Dir;
}
