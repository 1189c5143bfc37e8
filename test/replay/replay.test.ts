import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { installQuietRuntime } from '../support/quiet-runtime';
import { testEnv } from '../support/test-env';
import { createDb } from '../../src/db/knex';
import { testPayloadEncryption } from '../support/payload-encryption';

const HISTORIES = path.join(__dirname, 'histories');
const files = fs.readdirSync(HISTORIES).filter((file) => file.endsWith('.json'));

const db = createDb(testEnv('databaseUrl'));
beforeAll(() => installQuietRuntime());
afterAll(() => db.destroy());

// Histories recorded from earlier versions of the workflow (`npm run replay:record`). If a change to
// workflow code is not behind patched(), replaying one of these fails with a nondeterminism error.
test('when committed histories are replayed against the current workflow code, then every one replays', async () => {
  expect(files.length).toBeGreaterThanOrEqual(15);
  const histories = files.map((file) => ({
    workflowId: path.basename(file, '.json'),
    history: JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    // With the app's codec, as a worker replays: plaintext histories from before encryption pass through.
    {
      workflowBundle: { codePath: testEnv('workflowBundle') },
      dataConverter: (await testPayloadEncryption(db)).dataConverter,
    },
    histories,
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
});
