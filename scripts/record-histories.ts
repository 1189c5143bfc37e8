// Records workflow histories of the main saga paths into test/replay/histories, for the replay test.
// `npm run replay:record -- <version> [scenario …]` writes <version>-<path>.json for every scenario, or for
// the ones named (a new path recorded beside the earlier versions' histories). Record the current code
// before changing workflow code, and keep every version's histories: each must go on replaying.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import globalSetup from '../test/support/global-setup';
import globalTeardown from '../test/support/global-teardown';
import { startHarness } from '../test/support/harness';
import { SCENARIOS } from './replay-scenarios';
import { defaultToolsDir, resolveTemporalCli } from '../src/temporal/temporal-cli';
import { checkoutWorkflowId } from '../src/temporal/workflow-ids';
import { testEnv } from '../test/support/test-env';
import { decodeHistoryJson } from '../src/codec/decode-history';
import { EncryptionCodec } from '../src/codec/encryption-codec';

const OUT = path.resolve(__dirname, '../test/replay/histories');
const VERSION = process.argv[2];
const ONLY = process.argv.slice(3);

async function main() {
  if (!VERSION || !/^[\w.-]+$/.test(VERSION))
    throw new Error('usage: npm run replay:record -- <version label, e.g. v2>');
  await globalSetup();
  // A low history limit, so that the long scenarios continue as new and their later runs are recorded too.
  const h = await startHarness({ historyLimit: 100 });
  const cli = await resolveTemporalCli(defaultToolsDir(path.resolve(__dirname, '..')));
  const codec = new EncryptionCodec(h.payloadKeys);
  try {
    fs.mkdirSync(OUT, { recursive: true });
    const unknown = ONLY.filter((name) => !(name in SCENARIOS));
    if (unknown.length > 0) throw new Error(`unknown scenarios: ${unknown.join(', ')}`);
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (ONLY.length > 0 && !ONLY.includes(name)) continue;
      // A scenario with settings of its own runs on a harness of its own (same servers, its own worker).
      const options = scenario.harness ?? (scenario.timeouts ? { timeouts: scenario.timeouts } : undefined);
      const own = options ? await startHarness({ historyLimit: 100, ...options }) : undefined;
      const orderId = await scenario.run(own ?? h);
      const handle = h.client.workflow.getHandle(checkoutWorkflowId(orderId));
      if (!scenario.open) await handle.result().catch(() => undefined);
      await own?.stop();
      // Every run of the order: one continued as new has several, each with its own history.
      const runs: string[] = [];
      for await (const run of h.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` }))
        runs.unshift(run.runId);
      for (const [index, runId] of runs.entries()) {
        const json = execFileSync(
          cli,
          ['workflow', 'show', '--address', testEnv('temporalAddress'), '-w', handle.workflowId, '-r', runId]
            // JSON, as the Temporal UI downloads it.
            .concat(['--output', 'json']),
          { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        );
        // Decoded before committing: the run's keys die with its database, and a replay in a later run must
        // still read the history (it holds test data only). The replay test runs with the codec all the same.
        const history = await decodeHistoryJson(JSON.parse(json), codec);
        const file = `${VERSION}-${name}${runs.length > 1 ? `-run${index + 1}` : ''}.json`;
        fs.writeFileSync(path.join(OUT, file), `${JSON.stringify(history, null, 2)}\n`);
        console.log(`recorded ${file} (${history.events.length} events)`);
      }
    }
  } finally {
    await h.stop();
    await globalTeardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
