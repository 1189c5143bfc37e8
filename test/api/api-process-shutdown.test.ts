import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/temporal/dev-server';
import { eventually, rawApi } from '../support/http';
import { testEnv } from '../support/test-env';

const ROOT = path.resolve(__dirname, '../..');

let child: ChildProcess | undefined;
let dataDir: string;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Waits for the child to exit and returns its exit code. */
const exited = (process: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    process.exitCode !== null ? resolve(process.exitCode) : process.once('exit', (code) => resolve(code)),
  );

test('when `npm run api` gets SIGTERM, then /readyz turns 503 at once while /livez still answers, and the process then exits cleanly', async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkout-api-'));
  const port = await freePort();
  const api = { baseUrl: `http://127.0.0.1:${port}` };
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/api.ts'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: testEnv('databaseUrl'),
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
      API_PORT: String(port),
      READINESS_DRAIN: '3s',
    },
  });
  const ready = await eventually(
    () => rawApi(api, 'GET', '/readyz').catch(() => ({ status: 0, body: undefined })),
    (response) => response.status === 200,
    45_000,
  );
  expect(ready.body).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });

  const signalledAt = Date.now();
  child.kill('SIGTERM');
  const draining = await eventually(
    () => rawApi(api, 'GET', '/readyz'),
    (response) => response.status === 503,
    2_000,
  );
  expect(Date.now() - signalledAt).toBeLessThan(2_000);
  expect(draining.body).toMatchObject({ status: 'shutting_down' });
  expect((await rawApi(api, 'GET', '/livez')).status).toBe(200);

  expect(await exited(child)).toBe(0);
  expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(3_000);
}, 90_000);
