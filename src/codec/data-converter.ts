import type { DataConverter } from '@temporalio/common';
import type { Knex } from 'knex';
import { EncryptionCodec } from './encryption-codec';
import { loadMasterKeys, masterKeyFile } from './master-keys';
import { PayloadKeys } from './payload-keys';

/** The module exporting the failure converter, for the worker's bundle and every client. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** The one data converter of the client, the worker and every script: encrypted payloads and failures. */
export function createDataConverter(keys: PayloadKeys): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** Where master keys come from: PAYLOAD_MASTER_KEYS, else a key file generated under the data folder. */
export interface CodecSettings {
  masterKeys: string | undefined;
  dataDir: string;
}

/** Payload keys and the data converter over them, for a process with a database. */
export async function createPayloadEncryption(
  db: Knex,
  settings: CodecSettings,
): Promise<{ keys: PayloadKeys; dataConverter: DataConverter }> {
  const ring = await loadMasterKeys(settings.masterKeys, masterKeyFile(settings.dataDir));
  const keys = new PayloadKeys({ db, ring });
  return { keys, dataConverter: createDataConverter(keys) };
}
