import path from 'node:path';

/** The repo folder shared with docker-compose: the server's config template, dynamic config, schema script. */
export const CLUSTER_DEPLOY_DIR = path.resolve(__dirname, '../../deploy/temporal');
/** The config file's name without `.yaml`: the server's `--env`. */
export const CLUSTER_CONFIG_ENV = 'checkout';

/** Every port the one-process server listens on (four services, each with gRPC and membership). */
export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** The defaults of deploy/temporal/config/checkout.yaml: frontend on 7233 like the dev server. */
export const DEFAULT_CLUSTER_PORTS: ClusterPorts = {
  frontend: 7233,
  frontendHttp: 7243,
  frontendMembership: 6933,
  history: 7234,
  historyMembership: 6934,
  matching: 7235,
  matchingMembership: 6935,
  worker: 7239,
  workerMembership: 6939,
};

/** Where Temporal's two databases live: a PostgreSQL server reachable over TCP. */
export interface ClusterStore {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  visibilityDatabase: string;
}

/** Temporal's two databases on the app's PostgreSQL server in cluster mode (backups look for the first). */
export const CLUSTER_DATABASES = { database: 'temporal', visibilityDatabase: 'temporal_visibility' };

/** Reads the store's server and credentials from a postgres:// URL; the two database names are given. */
export function clusterStoreFromUrl(
  url: string,
  databases: Pick<ClusterStore, 'database' | 'visibilityDatabase'>,
): ClusterStore {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    ...databases,
  };
}

/**
 * The environment that fills the config template and the schema script: the same names docker-compose's
 * `temporal` and `temporal-schema` services set (test/deploy/docker-compose.test.ts checks them).
 */
export function clusterServerEnv(store: ClusterStore, ports: ClusterPorts): Record<string, string> {
  return {
    TEMPORAL_POSTGRES_HOST: store.host,
    TEMPORAL_POSTGRES_PORT: String(store.port),
    TEMPORAL_POSTGRES_USER: store.user,
    TEMPORAL_POSTGRES_PASSWORD: store.password,
    TEMPORAL_DB: store.database,
    TEMPORAL_VISIBILITY_DB: store.visibilityDatabase,
    TEMPORAL_LOG_LEVEL: 'warn',
    TEMPORAL_BIND_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    TEMPORAL_DYNAMIC_CONFIG_FILE: path.join(
      CLUSTER_DEPLOY_DIR,
      'dynamicconfig',
      `${CLUSTER_CONFIG_ENV}.yaml`,
    ),
    TEMPORAL_FRONTEND_PORT: String(ports.frontend),
    TEMPORAL_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    TEMPORAL_HISTORY_PORT: String(ports.history),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    TEMPORAL_MATCHING_PORT: String(ports.matching),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    TEMPORAL_WORKER_PORT: String(ports.worker),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
  };
}
