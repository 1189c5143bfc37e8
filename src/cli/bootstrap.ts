import path from 'node:path';
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { Knex } from 'knex';
import type { AppConfig } from '../config';
import { codecPlaces } from '../codec/codec-places';
import { createPayloadEncryption } from '../codec/data-converter';
import type { PayloadKeys } from '../codec/payload-keys';
import type { DataConverter } from '@temporalio/common';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { createDb, migrateToLatest } from '../db/knex';
import { seed } from '../db/seeds/seed';
import { startDevServer } from '../temporal/dev-server';
import { ensureNamespace } from '../temporal/namespace';
import { ensureSearchAttributes } from '../temporal/search-attribute-registry';
import { defaultToolsDir, resolveTemporalCli } from '../temporal/temporal-cli';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** Something started that must be stopped on the way out. */
export type Stop = () => Promise<void>;

/**
 * PostgreSQL: DATABASE_URL when set, else an embedded server under the data folder. Migrated and seeded
 * unless `migrate` is false (separate api and worker processes leave that to `npm run migrate`).
 */
export async function startDatabase(
  config: AppConfig,
  stops: Stop[],
  options: { migrate?: boolean } = {},
): Promise<{ db: Knex; url: string; where: string }> {
  let url = config.database.url;
  let where = url ? redact(url) : '';
  if (!url) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port: config.database.embeddedPort,
      database: 'checkout',
      pidFile: path.join(config.dataDir, 'run', 'postgres.pid'),
      logFile: path.join(config.dataDir, 'postgres.log'),
      log: console.log,
    });
    stops.push(pg.stop);
    url = pg.url;
    where = `${redact(url)} (embedded, data in ${path.join(config.dataDir, 'postgres')})`;
  }
  const db = createDb(
    url,
    { min: 0, max: config.database.poolMax },
    { statementTimeoutMs: config.database.statementTimeoutMs },
  );
  stops.push(() => db.destroy());
  if (options.migrate !== false) {
    await migrateToLatest(db);
    await seed(db);
  }
  return { db, url, where };
}

/** What startTemporal gives: a client with the payload codec, and the codec's parts for the worker and API. */
export interface TemporalParts {
  client: Client;
  address: string;
  uiUrl: string | undefined;
  dataConverter: DataConverter;
  payloadKeys: PayloadKeys;
}

/**
 * Temporal: TEMPORAL_ADDRESS when set, else the pinned dev server with its UI and a SQLite file. The client
 * encrypts payloads with keys kept in `db` (see src/codec).
 */
export async function startTemporal(
  config: AppConfig,
  stops: Stop[],
  db: Knex,
  options: { interceptors?: ClientInterceptors } = {},
): Promise<TemporalParts> {
  let address = config.temporal.address;
  let uiUrl = config.temporal.uiUrl;
  if (!address) {
    const server = await startDevServer({
      cliPath: await resolveTemporalCli(defaultToolsDir(PROJECT_ROOT)),
      pidFile: path.join(config.dataDir, 'run', 'temporal.pid'),
      log: console.log,
      port: config.temporal.devServerPort,
      uiPort: config.temporal.uiPort,
      uiCodecEndpoint: codecPlaces(config).endpoint,
      namespace: config.temporal.namespace,
      dbFile: path.join(config.dataDir, 'temporal', 'temporal.db'),
      sqlitePragmas: config.temporal.sqlitePragmas,
      dynamicConfig: config.temporal.dynamicConfig,
      logFile: path.join(config.dataDir, 'temporal', 'server.log'),
    });
    stops.push(server.stop);
    address = server.address;
    uiUrl = server.uiUrl;
  }
  const connection = await Connection.connect({ address });
  stops.push(() => connection.close());
  await ensureNamespace(connection, config.temporal.namespace, config.temporal.retentionMs);
  await ensureSearchAttributes(connection, config.temporal.namespace);
  const { keys, dataConverter } = await createPayloadEncryption(db, config.codec);
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter,
    interceptors: options.interceptors,
  });
  return { client, address, uiUrl, dataConverter, payloadKeys: keys };
}

/** Runs the stops in reverse order, reporting but not stopping on errors. */
export async function stopAll(stops: Stop[]): Promise<void> {
  for (const stop of stops.splice(0).reverse()) {
    await stop().catch((error) => console.error('shutdown step failed:', error));
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
