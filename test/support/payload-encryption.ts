import type { Knex } from 'knex';
import { createPayloadEncryption } from '../../src/codec/data-converter';
import { testEnv } from './test-env';

/** The app's data converter and keys over the run's database and master key, as the product builds them. */
export const testPayloadEncryption = (db: Knex) =>
  createPayloadEncryption(db, { masterKeys: testEnv('payloadMasterKeys'), dataDir: 'unused' });
