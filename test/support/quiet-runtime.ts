import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/**
 * Keeps worker logs to errors. Tests provoke declines, outages and stock-outs on purpose, and the SDK logs
 * each as a warning; the assertions, not the logs, say whether they were handled.
 */
export function installQuietRuntime(): void {
  if (installed) return;
  installed = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}
