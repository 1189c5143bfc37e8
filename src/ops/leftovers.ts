import { isAlive, readPidFile, removePidFile, stillRuns, waitForExit } from './pid-file';

/** Thrown when the data folder is in use by another start that is still running. */
export class AlreadyRunningError extends Error {
  override name = 'AlreadyRunningError';
}

/**
 * Finds a server an earlier start left running (its starter died without stopping it) and stops it, so
 * that this start gets its ports and data back. A server whose starter is still alive is not a leftover:
 * that is another start using the same data folder, and we refuse rather than kill it.
 */
export async function stopLeftover(
  pidFile: string,
  stopSignal: NodeJS.Signals,
  log: (line: string) => void,
): Promise<void> {
  const record = readPidFile(pidFile);
  if (!record) return;
  if (!stillRuns(record)) {
    removePidFile(pidFile, record.pid);
    return;
  }
  if (record.ownerPid !== process.pid && isAlive(record.ownerPid)) {
    throw new AlreadyRunningError(
      `${record.name} (pid ${record.pid}) is already running for process ${record.ownerPid}, with the same ` +
        `data folder (${pidFile}). Let that one finish or stop it first, or use another data folder ` +
        '(DATA_DIR for npm start).',
    );
  }
  log(`Stopping a ${record.name} left running by an earlier start (pid ${record.pid})…`);
  process.kill(record.pid, stopSignal);
  if (!(await waitForExit(record.pid, 15_000))) {
    process.kill(record.pid, 'SIGKILL');
    await waitForExit(record.pid, 5_000);
  }
  removePidFile(pidFile, record.pid);
}
