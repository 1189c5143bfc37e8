import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
/** Bumped when an archive's layout changes; restore refuses layouts it does not know. */
export const ARCHIVE_FORMAT = 1;

/** What an archive holds and the versions that wrote it; every file's SHA-256 guards against damage. */
export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  createdAt: string;
  app: { name: string; version: string };
  /** `dev`: Temporal's SQLite file; `cluster`: Temporal's PostgreSQL databases (inside postgres/). */
  temporalMode: 'dev' | 'cluster' | 'none';
  versions: { postgres: string; temporalServer: string; temporalCli: string; node: string };
  /** Relative path → SHA-256 (hex) of every file in the archive but the manifest. */
  files: Record<string, string>;
}

/** SHA-256 of every file under `root`, by path relative to it (sorted, `/`-separated). */
export function checksumTree(root: string): Record<string, string> {
  const sums: Record<string, string> = {};
  const walk = (relative: string) => {
    const full = path.join(root, relative);
    if (fs.statSync(full).isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) walk(path.join(relative, entry));
    } else if (relative !== MANIFEST_FILE) {
      sums[relative.split(path.sep).join('/')] = createHash('sha256')
        .update(fs.readFileSync(full))
        .digest('hex');
    }
  };
  walk('');
  return sums;
}

/** Thrown for an archive that is not whole: restore stops before touching the data folder. */
export class DamagedArchiveError extends Error {
  override name = 'DamagedArchiveError';
}

/** Reads the manifest of an unpacked archive and checks every file against it; throws naming what differs. */
export function verifyUnpacked(root: string, archiveName: string): ArchiveManifest {
  const manifestPath = path.join(root, MANIFEST_FILE);
  if (!fs.existsSync(manifestPath))
    throw new DamagedArchiveError(`${archiveName} is damaged or not a backup: it has no ${MANIFEST_FILE}`);
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as ArchiveManifest;
  } catch {
    throw new DamagedArchiveError(`${archiveName} is damaged: its ${MANIFEST_FILE} is not valid JSON`);
  }
  if (manifest.format !== ARCHIVE_FORMAT)
    throw new DamagedArchiveError(
      `${archiveName} has archive format ${manifest.format}; this version reads ${ARCHIVE_FORMAT}`,
    );
  const actual = checksumTree(root);
  const problems: string[] = [];
  for (const [file, sum] of Object.entries(manifest.files)) {
    if (!(file in actual)) problems.push(`${file} is missing`);
    else if (actual[file] !== sum) problems.push(`${file} does not match its SHA-256 checksum`);
  }
  for (const file of Object.keys(actual))
    if (!(file in manifest.files)) problems.push(`${file} is not in the manifest`);
  if (problems.length > 0) {
    const shown =
      problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    throw new DamagedArchiveError(`${archiveName} is damaged, nothing was restored: ${shown}`);
  }
  return manifest;
}
