import { loadConfig } from '../src/config';
import { APP_KEY_OWNER, customerKeyOwner, rewrapDataKeys } from '../src/codec/data-keys.repo';
import { loadMasterKeys, masterKeyFile } from '../src/codec/master-keys';
import { PayloadKeys } from '../src/codec/payload-keys';
import { embeddedPostgresUrl } from '../src/db/embedded-postgres';
import { createDb } from '../src/db/knex';

const USAGE = [
  'usage: npm run -s payload-keys -- rotate <customer id | app>   new payloads use a new key version',
  '       npm run -s payload-keys -- rewrap                      re-wrap every data key under the current',
  '                                                              (first) master key of PAYLOAD_MASTER_KEYS',
].join('\n');

// Key rotation for the payload codec (see README, "Encrypted histories and erasure"), against the database
// of a running `npm start` (or DATABASE_URL). Running processes pick up a new version within a minute.
async function main() {
  const [command, owner] = process.argv.slice(2);
  if (!(command === 'rotate' && owner) && command !== 'rewrap') {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const ring = await loadMasterKeys(config.codec.masterKeys, masterKeyFile(config.dataDir));
  // DATABASE_URL, else the app database of the embedded server that npm start runs.
  const db = createDb(config.database.url ?? embeddedPostgresUrl(config.database.embeddedPort, 'checkout'));
  try {
    if (command === 'rewrap') {
      console.log(`re-wrapped ${await rewrapDataKeys(db, ring)} data key(s) under ${ring.current.id}`);
    } else {
      const keyOwner = owner === 'app' ? APP_KEY_OWNER : customerKeyOwner(owner!);
      await new PayloadKeys({ db, ring }).rotate(keyOwner);
      console.log(`${keyOwner} has a new key version`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
