import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { TokenVerifier } from '../auth/tokens';
import type { CodecServerOptions } from '../codec/codec-server';
import type { AppConfig, CommerceConfig } from '../config';
import type { HttpConfig } from '../http-config';
import type { Readiness } from './readiness';
import type { PayloadKeys } from '../codec/payload-keys';
import type { WebhookSenders } from '../webhooks/webhook-senders';
import type { Logger } from '../observability/logger';

/** What the HTTP API needs; tests pass real instances pointing at their own servers. */
export interface ApiDeps {
  db: Knex;
  temporal: Client;
  /** The payload codec's keys: erasure destroys a customer's. */
  payloadKeys: PayloadKeys;
  config: Pick<AppConfig, 'checkout'> & { temporal: Pick<AppConfig['temporal'], 'taskQueue'> } & {
    /** Abuse controls and time limits; the defaults when absent. */
    http?: HttpConfig;
    /** Base currency and cart expiry; DEFAULT_COMMERCE when absent. */
    commerce?: CommerceConfig;
  };
  /** Checks bearer tokens (customers and staff). */
  tokens: TokenVerifier;
  /** Carriers and payment providers, with the secrets their webhooks are signed with. */
  webhookSenders: WebhookSenders;
  /** Request lines (JSON); a stdout logger when absent. */
  logger?: Logger;
  /** The remote codec server for the Temporal UI, mounted at /codec when given; it checks `tokens`. */
  codecServer?: Omit<CodecServerOptions, 'verifier'>;
  /** Turned off when shutdown begins; /readyz then answers 503. */
  readiness?: Readiness;
}
