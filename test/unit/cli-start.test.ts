import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Runs a TypeScript entry point or snippet in a fresh Node process with the given environment. */
const runTs = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('starting up', () => {
  test('when a setting is bad, then npm start stops at once and names it', () => {
    const result = runTs(['src/cli/start.ts'], { ...process.env, API_PORT: 'eighty', RETURN_WINDOW: 'soon' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toMatch(/API_PORT/);
    expect(result.stderr).toMatch(/RETURN_WINDOW/);
  });

  test('when there is no Temporal address, binary or Go, then the error says how to get one', () => {
    const snippet =
      "require('./src/temporal/temporal-cli').resolveTemporalCli('/nonexistent/tools', () => {}).catch((e) => { console.error(e.message); process.exit(1); })";
    // A PATH with neither `temporal` nor `go` on it (Node itself is started by its absolute path).
    const result = runTs(['-e', snippet], {
      ...process.env,
      PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'no-tools-')),
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('TEMPORAL_ADDRESS');
    expect(result.stderr).toContain('go install github.com/temporalio/cli/cmd/temporal@v1.5.1');
  });
});
