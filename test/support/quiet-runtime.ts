import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/** Keeps worker logs to warnings and errors, so test output shows what failed rather than every poll. */
export function installQuietRuntime(): void {
  if (installed) return;
  installed = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}
