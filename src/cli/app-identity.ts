import fs from 'node:fs';
import path from 'node:path';

/** The app's package name and version, as recorded in backups. */
export function appIdentity(): { name: string; version: string } {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
  return { name: pkg.name, version: pkg.version };
}
