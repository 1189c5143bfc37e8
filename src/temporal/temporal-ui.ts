import fs from 'node:fs';
import path from 'node:path';
import { goInstall } from '../ops/go-install';
import { spawnServer } from '../ops/server-process';
import { portOpen } from './dev-server';

/** The UI server release the pinned CLI embeds (its UI 2.42.1), so both modes show the same UI. */
export const TEMPORAL_UI_VERSION = 'v2.42.1';
const PACKAGE = `github.com/temporalio/ui-server/v2/cmd/server@${TEMPORAL_UI_VERSION}`;
/** Shared with docker-compose's temporal-ui service. */
export const UI_DEPLOY_DIR = path.resolve(__dirname, '../../deploy/temporal-ui');

/** The UI server binary, built with `go install` into the tools folder on first use. */
export async function resolveTemporalUi(toolsDir: string, log: (line: string) => void): Promise<string> {
  const binDir = path.join(toolsDir, `temporal-ui-${TEMPORAL_UI_VERSION}`);
  const binary = path.join(binDir, 'server');
  if (!fs.existsSync(binary)) {
    await goInstall(
      {
        label: `the Temporal UI server ${TEMPORAL_UI_VERSION}`,
        packages: [PACKAGE],
        binDir,
        binaries: ['server'],
        withoutGo: `The Temporal UI needs Go to build: run \`go install ${PACKAGE}\` with GOBIN=${binDir}, or use the Temporal CLI.`,
      },
      log,
    );
  }
  return binary;
}

/** Starts the UI server against a Temporal frontend; resolves with its URL once it listens. */
export async function startTemporalUi(options: {
  binary: string;
  temporalAddress: string;
  port: number;
  namespace: string;
  /** The codec server the UI decodes payloads with. */
  codecEndpoint: string;
  pidFile: string;
  logFile: string;
}): Promise<{ url: string; stop(): Promise<void> }> {
  if (await portOpen(options.port))
    throw new Error(
      `port ${options.port} is taken, so the Temporal UI cannot start there (set TEMPORAL_UI_PORT)`,
    );
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const logFd = fs.openSync(options.logFile, 'a');
  const ui = spawnServer({
    name: 'Temporal UI server',
    command: options.binary,
    args: ['--root', UI_DEPLOY_DIR, '--config', 'config', '--env', 'checkout', 'start'],
    pidFile: options.pidFile,
    stopSignal: 'SIGTERM',
    spawnOptions: {
      stdio: ['ignore', logFd, logFd],
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: options.temporalAddress,
        TEMPORAL_UI_PORT: String(options.port),
        TEMPORAL_DEFAULT_NAMESPACE: options.namespace,
        TEMPORAL_CODEC_ENDPOINT: options.codecEndpoint,
      },
    },
  });
  fs.closeSync(logFd);
  const deadline = Date.now() + 30_000;
  while (!(await portOpen(options.port))) {
    if (ui.hasExited()) throw new Error(`the Temporal UI server exited; see ${options.logFile}`);
    if (Date.now() > deadline) {
      await ui.stop(0);
      throw new Error(
        `the Temporal UI server did not listen on ${options.port} in time; see ${options.logFile}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url: `http://localhost:${options.port}`, stop: () => ui.stop(10_000) };
}
