import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { AppConfig } from '../config';
import type { HttpConfig } from '../http-config';
import type { Readiness } from './readiness';

/** What the HTTP API needs; tests pass real instances pointing at their own servers. */
export interface ApiDeps {
  db: Knex;
  temporal: Client;
  config: Pick<AppConfig, 'checkout'> & { temporal: Pick<AppConfig['temporal'], 'taskQueue'> } & {
    /** Abuse controls and time limits; the defaults when absent. */
    http?: HttpConfig;
  };
  /** Turned off when shutdown begins; /readyz then answers 503. */
  readiness?: Readiness;
}
