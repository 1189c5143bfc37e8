import path from 'node:path';
import { loadConfig } from '../config';
import { restoreBackup } from '../ops/restore';

// `npm run restore -- <archive> [--force]`: restores a backup into the (empty) data folder.
async function main() {
  const config = loadConfig();
  const args = process.argv.slice(2);
  const archive = args.find((arg) => !arg.startsWith('--'));
  if (!archive) throw new Error('usage: npm run restore -- <archive.tar.gz> [--force]');
  await restoreBackup({
    archive: path.resolve(archive),
    dataDir: config.dataDir,
    force: args.includes('--force'),
    log: console.log,
  });
  console.log('Start the app as usual (npm start, or npm start -- --cluster for a cluster-mode backup).');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
