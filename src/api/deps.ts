import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { CodecServerOptions } from '../codec/codec-server';
import type { AppConfig } from '../config';

/** What the HTTP API needs; tests pass real instances pointing at their own servers. */
export interface ApiDeps {
  db: Knex;
  temporal: Client;
  config: Pick<AppConfig, 'checkout'> & { temporal: Pick<AppConfig['temporal'], 'taskQueue'> };
  /** The remote codec server for the Temporal UI, mounted at /codec when given. */
  codecServer?: CodecServerOptions;
}
