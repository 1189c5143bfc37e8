import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresBinaries } from '../db/embedded-postgres';
import { DamagedArchiveError, verifyUnpacked, type ArchiveManifest } from './archive-manifest';
import { BACKED_UP, dataLayout } from './data-layout';
import { readPidFile, stillRuns } from './pid-file';

export interface RestoreOptions {
  archive: string;
  dataDir: string;
  /** Restore over a data folder that holds data; the old one is moved aside, not deleted. */
  force?: boolean;
  log?: (line: string) => void;
  now?: Date;
}

/** Thrown when restoring would overwrite data and --force was not given, or the app still runs. */
export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

/**
 * Restores an archive written by createBackup into an empty data folder: unpacks it aside, checks every
 * file against the manifest (a damaged archive is refused before anything is touched) and the PostgreSQL
 * major version against the embedded binaries, then moves the folders in. PostgreSQL replays the copied
 * log on its next start. With `force`, an existing data folder is moved to `<dataDir>.before-restore-<time>`.
 */
export async function restoreBackup(options: RestoreOptions): Promise<ArchiveManifest> {
  const log = options.log ?? (() => undefined);
  const name = path.basename(options.archive);
  if (!fs.existsSync(options.archive)) throw new RestoreRefusedError(`no archive at ${options.archive}`);
  refuseWhileRunning(options.dataDir);
  const holdsData = BACKED_UP.some((folder) => fs.existsSync(path.join(options.dataDir, folder)));
  if (holdsData && !options.force)
    throw new RestoreRefusedError(
      `${options.dataDir} already holds data (${BACKED_UP.filter((f) => fs.existsSync(path.join(options.dataDir, f))).join(', ')}); ` +
        'restore into an empty data folder, or add --force to move the current one aside first',
    );
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'checkout-restore-'));
  try {
    const untar = spawnSync('tar', ['-xzf', options.archive, '-C', unpacked, '--no-same-owner'], {
      encoding: 'utf8',
    });
    if (untar.status !== 0)
      throw new DamagedArchiveError(
        `${name} is damaged, nothing was restored: it cannot be unpacked (${untar.stderr.trim().split('\n')[0]})`,
      );
    const manifest = verifyUnpacked(unpacked, name);
    checkPostgresMajor(manifest);
    if (holdsData) {
      const aside = `${options.dataDir}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(options.dataDir, aside);
      log(`Moved the current data folder aside to ${aside}`);
    }
    fs.mkdirSync(options.dataDir, { recursive: true });
    for (const folder of BACKED_UP) {
      const from = path.join(unpacked, folder);
      if (fs.existsSync(from)) moveFolder(from, path.join(options.dataDir, folder));
    }
    // PostgreSQL insists that its data folder is private to its owner.
    fs.chmodSync(dataLayout(options.dataDir).postgres, 0o700);
    log(
      `Restored ${name} (taken ${manifest.createdAt}, Temporal: ${manifest.temporalMode}) into ${options.dataDir}`,
    );
    return manifest;
  } finally {
    fs.rmSync(unpacked, { recursive: true, force: true });
  }
}

function refuseWhileRunning(dataDir: string): void {
  const layout = dataLayout(dataDir);
  for (const pidFile of [layout.postgresPidFile, layout.devServerPidFile]) {
    const record = readPidFile(pidFile);
    if (record && stillRuns(record))
      throw new RestoreRefusedError(
        `${record.name} (pid ${record.pid}) still runs on ${dataDir}: stop the app first`,
      );
  }
}

/** A physical copy only starts under the same PostgreSQL major version. */
function checkPostgresMajor(manifest: ArchiveManifest): void {
  const output = execFileSync(postgresBinaries().postgres, ['--version'], { encoding: 'utf8' });
  const here = /(\d+)\.\d+/.exec(output)?.[1];
  const archived = manifest.versions.postgres.split('.')[0];
  if (here !== archived)
    throw new RestoreRefusedError(
      `the archive holds PostgreSQL ${manifest.versions.postgres} data, but the embedded PostgreSQL here is ${output.trim()}: restore with the app version that wrote it`,
    );
}

/** Moves a folder, copying across file systems (the temporary folder may be on another one). */
function moveFolder(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true, preserveTimestamps: true });
  }
}
