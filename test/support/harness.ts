import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { WaveSettings } from '../../activities/reservation-wave';
import type { Knex } from 'knex';
import type { PaymentProvider } from '../../src/payments/payment-provider';
import { createApp } from '../../src/api/app';
import type { ApiDeps } from '../../src/api/deps';
import { createDb } from '../../src/db/knex';
import type { CheckoutTimeouts } from '../../src/domain/checkout';
import { createCheckoutWorker } from '../../src/worker/create-worker';
import { installQuietRuntime } from './quiet-runtime';
import { createTestCredentials, type TestCredentials } from './test-credentials';
import { testEnv } from './test-env';
import type { CodecServerOptions } from '../../src/codec/codec-server';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { testPayloadEncryption } from './payload-encryption';
import type { PayloadKeys } from '../../src/codec/payload-keys';
import { createLogger, type Logger } from '../../src/observability/logger';
import { createPayloadEncryption } from '../../src/codec/data-converter';

export interface Harness {
  db: Knex;
  client: Client;
  taskQueue: string;
  baseUrl: string;
  config: ApiDeps['config'];
  /** The codec's keys, shared by the client, the worker and the API of this harness. */
  payloadKeys: PayloadKeys;
  credentials: TestCredentials;
  stop(): Promise<void>;
}

/** Test timeouts: seconds instead of days, as the issue asks. */
export const FAST_TIMEOUTS: Required<CheckoutTimeouts> = {
  reviewTimeoutMs: 3_000,
  autoConfirmAfterMs: 2_000,
  returnWindowMs: 2_000,
  deliverySlaMs: 60_000,
  refundDecisionSlaMs: 60_000,
  paymentDeadlineMs: { card: 20_000, wallet: 20_000, bank_transfer: 20_000 },
  paymentRetryWindowMs: 2_000,
};

/**
 * A real worker on its own task queue plus the real API on port 0, both against the run's PostgreSQL and
 * Temporal dev server. Each test file gets its own, so files run side by side without sharing workers.
 */
export async function startHarness(
  options: {
    timeouts?: Partial<Required<CheckoutTimeouts>>;
    withWorker?: boolean;
    historyLimit?: number;
    /** Where the API's request lines go; nowhere when absent. */
    logger?: Logger;
    /** The client's interceptors (tracing, say). */
    clientInterceptors?: ClientInterceptors;
    /** Another database, whose payload keys are wrapped by the key file under `dataDir` (backup tests). */
    own?: { databaseUrl: string; dataDir: string; taskQueue: string };
    /** Allocate optimal orders in waves (ALLOCATION_MODE=wave). */
    allocationWave?: WaveSettings;
    /** Another Temporal server than the run's (one with its UI, say); the run's by default. */
    temporalAddress?: string;
    /** A fixed API port (known before the API starts, as a UI's codec endpoint must be); any by default. */
    apiPort?: number;
    /** Auto-approval limits of refund applications (minor units per currency); USD:5000 by default. */
    refundAutoApproveLimits?: Record<string, number>;
    /** How long the sandbox provider holds an authorization (seven days by default). */
    authorizationTtlMs?: number;
    /** The worker's payment provider instead of the sandbox's (see createCheckoutWorker). */
    paymentProvider?: (db: Knex) => PaymentProvider;
    /** Mounts the codec server, over this harness's payload keys. */
    codecServer?: Omit<CodecServerOptions, 'verifier' | 'codec'>;
  } = {},
): Promise<Harness & { worker?: Worker }> {
  installQuietRuntime();
  const db = createDb(options.own?.databaseUrl ?? testEnv('databaseUrl'));
  const taskQueue = options.own?.taskQueue ?? `test-${randomUUID()}`;
  const timeouts = { ...FAST_TIMEOUTS, ...options.timeouts };
  const config: ApiDeps['config'] = {
    checkout: {
      ...timeouts,
      allocationStrategy: 'optimal',
      costPerKmPerUnit: 0.1,
      splitPenalty: 0,
      historyLimit: options.historyLimit ?? 1_500,
      refundAutoApproveLimits: options.refundAutoApproveLimits ?? { USD: 5000 },
    },
    temporal: { taskQueue },
  };
  const temporalAddress = options.temporalAddress ?? testEnv('temporalAddress');
  const connection = await Connection.connect({ address: temporalAddress });
  const { keys: payloadKeys, dataConverter } = options.own
    ? await createPayloadEncryption(db, { masterKeys: undefined, dataDir: options.own.dataDir })
    : await testPayloadEncryption(db);
  const client = new Client({
    connection,
    namespace: 'default',
    dataConverter,
    interceptors: options.clientInterceptors,
  });

  let worker: Worker | undefined;
  let workerDone: Promise<void> = Promise.resolve();
  let closeWorker: () => Promise<void> = async () => undefined;
  if (options.withWorker !== false) {
    const created = await createCheckoutWorker({
      address: temporalAddress,
      namespace: 'default',
      taskQueue,
      db,
      client,
      costPerKmPerUnit: 0.1,
      workflowBundle: { codePath: testEnv('workflowBundle') },
      dataConverter,
      ...(options.allocationWave ? { wave: options.allocationWave } : {}),
      ...(options.authorizationTtlMs
        ? { sandbox: { failureRate: 0, lostReplyRate: 0, authorizationTtlMs: options.authorizationTtlMs } }
        : {}),
      ...(options.paymentProvider ? { paymentProvider: options.paymentProvider } : {}),
    });
    worker = created.worker;
    workerDone = worker.run();
    closeWorker = created.close;
  }

  const credentials = await createTestCredentials();
  const { tokens, webhookSenders } = credentials;
  const codecServer = options.codecServer && {
    ...options.codecServer,
    codec: new EncryptionCodec(payloadKeys),
  };
  const logger = options.logger ?? createLogger('api', 'silent');
  const deps = { db, temporal: client, payloadKeys, config, tokens, webhookSenders, codecServer, logger };
  const server: Server = createApp(deps).listen(options.apiPort ?? 0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    db,
    client,
    taskQueue,
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    payloadKeys,
    credentials,
    worker,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone;
      await closeWorker();
      await connection.close();
      await db.destroy();
    },
  };
}
