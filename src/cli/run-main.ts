import { ConfigError } from '../config';
import { watchParent } from '../ops/parent-watch';
import { stopAll, type Stop } from './bootstrap';

/**
 * Runs a process entry point: `main` starts things and registers their stops; Ctrl-C, SIGTERM or the
 * death of the process that started us stops them in reverse. A bad setting prints just its message;
 * anything else prints the error and exits 1.
 */
export function runMain(main: (stops: Stop[]) => Promise<void>): void {
  const stops: Stop[] = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down…`);
    await stopAll(stops);
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  watchParent(() => void shutdown('parent process exited'));
  main(stops).catch(async (error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    await stopAll(stops);
    process.exit(1);
  });
}
