import path from 'node:path';
import { loadConfig } from '../config';
import { createBackup } from '../ops/backup';
import { appIdentity } from './app-identity';
import { PROJECT_ROOT } from './bootstrap';

// `npm run backup [-- --out <folder>]`: a consistent archive of the data folder (see README, "Backup and restore").
async function main() {
  const config = loadConfig();
  const outAt = process.argv.indexOf('--out');
  const outDir = outAt > 0 ? path.resolve(process.argv[outAt + 1] ?? '') : path.join(PROJECT_ROOT, 'backups');
  await createBackup({
    dataDir: config.dataDir,
    postgresPort: config.database.embeddedPort,
    outDir,
    app: appIdentity(),
    log: console.log,
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
