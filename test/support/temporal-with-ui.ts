import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort, startDevServer, type DevServerHandle } from '../../src/temporal/dev-server';
import { ensureSearchAttributes } from '../../src/temporal/search-attribute-registry';
import { defaultToolsDir, resolveTemporalCli } from '../../src/temporal/temporal-cli';

const ROOT = path.resolve(__dirname, '../..');

/**
 * A Temporal dev server of its own with its Web UI on a free port, as `npm start` runs it (the run's shared
 * server is headless), wired to the codec server at `codecEndpoint`; in memory, with the search attributes.
 */
export async function startTemporalWithUi(
  codecEndpoint: string,
): Promise<DevServerHandle & { uiUrl: string }> {
  const server = await startDevServer({
    cliPath: await resolveTemporalCli(defaultToolsDir(ROOT)),
    port: await freePort(),
    uiPort: await freePort(),
    uiCodecEndpoint: codecEndpoint,
    namespace: 'default',
    pidFile: path.join(ROOT, 'data', 'run', `test-temporal-ui-${process.pid}.pid`),
    logFile: path.join(ROOT, 'data', 'test', `temporal-ui-${process.pid}.log`),
  });
  try {
    const connection = await Connection.connect({ address: server.address });
    await ensureSearchAttributes(connection, 'default');
    await connection.close();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { ...server, uiUrl: server.uiUrl! };
}
