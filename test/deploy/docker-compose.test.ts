import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../src/config';
import { createAppMetrics } from '../../src/observability/app-metrics';
import {
  CLUSTER_CONFIG_ENV,
  CLUSTER_DEPLOY_DIR,
  clusterServerEnv,
  DEFAULT_CLUSTER_PORTS,
} from '../../src/temporal/cluster-config';
import { TEMPORAL_SERVER_VERSION } from '../../src/temporal/temporal-server';
import { TEMPORAL_UI_VERSION, UI_DEPLOY_DIR } from '../../src/temporal/temporal-ui';

// No Docker engine runs here: these tests read docker-compose.yml and the Dockerfile as data and check them
// against the app itself (its config schema, its npm scripts).

const ROOT = path.resolve(__dirname, '../..');
const APP_SERVICES = ['migrate', 'worker', 'api'] as const;
const ALL_SERVICES = [
  'temporal-postgresql',
  'temporal-schema',
  'temporal',
  'temporal-ui',
  'app-postgresql',
  ...APP_SERVICES,
];

type Service = Record<string, unknown>;

function readCompose(): Record<string, Service> {
  const compose: unknown = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), {
    merge: true,
  });
  if (!isRecord(compose) || !isRecord(compose.services))
    throw new Error('docker-compose.yml has no services');
  return compose.services as Record<string, Service>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
}

/** A service's environment as Compose hands it to the container: strings, from a map or a KEY=value list. */
function environmentOf(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry: string) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  if (!isRecord(env)) throw new Error(`service ${name} has an unreadable environment`);
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value == null ? '' : String(value)]),
  );
}

/** The services named in depends_on, in its short (list) or long (map) form. */
function dependenciesOf(name: string): Record<string, string> {
  const dependsOn = service(name).depends_on ?? [];
  if (Array.isArray(dependsOn))
    return Object.fromEntries(dependsOn.map((dep: string) => [dep, 'service_started']));
  if (!isRecord(dependsOn)) throw new Error(`service ${name} has an unreadable depends_on`);
  return Object.fromEntries(
    Object.entries(dependsOn).map(([dep, spec]) => [
      dep,
      isRecord(spec) && typeof spec.condition === 'string' ? spec.condition : 'service_started',
    ]),
  );
}

/** The script of an `npm run <script>` command, given as a string or an exec-form list. */
function npmScriptOf(command: unknown): string | undefined {
  const words = Array.isArray(command)
    ? command.map(String)
    : typeof command === 'string'
      ? command.split(/\s+/)
      : [];
  const run = words.findIndex((word, i) => word === 'npm' && words[i + 1] === 'run');
  return run < 0 ? undefined : words[run + 2];
}

const SERVER_TEMPLATE = path.join(CLUSTER_DEPLOY_DIR, 'config', `${CLUSTER_CONFIG_ENV}.yaml`);
const SCHEMA_SCRIPT = path.join(CLUSTER_DEPLOY_DIR, 'setup-schema.sh');
const UI_TEMPLATE = path.join(UI_DEPLOY_DIR, 'config', `${CLUSTER_CONFIG_ENV}.yaml`);
const SOME_STORE = {
  host: 'h',
  port: 5432,
  user: 'u',
  password: 'p',
  database: 'd',
  visibilityDatabase: 'v',
};

/** The environment variables a template (`env "X"`) or a shell script (`${X`) reads. */
function templateVariables(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const names = [...text.matchAll(/env "([A-Z_]+)"|\$\{([A-Z_]+)[:}]/g)].map((m) => m[1] ?? m[2]!);
  return [...new Set(names)];
}

const services = readCompose();
const packageScripts = Object.keys(
  (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    }
  ).scripts ?? {},
);

describe('docker-compose.yml', () => {
  it('when the compose file is parsed, then every service of the stack is there', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(ALL_SERVICES));
  });

  it.each(APP_SERVICES)(
    'when the compose file is parsed, then every variable set on %s is one the config schema knows',
    (name) => {
      const known = Object.keys(configSchema.shape);
      const env = Object.keys(environmentOf(name));
      expect(env.length).toBeGreaterThan(0);
      expect(env.filter((key) => !known.includes(key))).toEqual([]);
    },
  );

  it.each(APP_SERVICES)(
    'when %s starts, then it reaches the compose PostgreSQL and Temporal by service name',
    (name) => {
      const env = environmentOf(name);
      expect(new URL(env.DATABASE_URL ?? '').hostname).toBe('app-postgresql');
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    },
  );

  it.each(APP_SERVICES)(
    'when the app loads the environment of %s, then the config is valid and the API listens on every interface',
    (name) => {
      const config = loadConfig(environmentOf(name), '/app');
      expect(config.api.host).toBe('0.0.0.0');
      expect(config.database.url).toBe(environmentOf(name).DATABASE_URL);
      expect(config.temporal.address).toBe('temporal:7233');
    },
  );

  it('when the app services are compared, then they share one environment and one image', () => {
    const [first, ...rest] = APP_SERVICES;
    for (const name of rest) {
      expect(environmentOf(name)).toEqual(environmentOf(first));
      expect(service(name).image).toBe(service(first).image);
    }
  });

  it('when the Temporal images are built, then the server and the UI are the versions cluster mode pins', () => {
    for (const name of ['temporal-schema', 'temporal'])
      expect(service(name).build).toEqual({
        context: './deploy/temporal',
        args: { TEMPORAL_SERVER_VERSION },
      });
    expect(service('temporal-ui').build).toEqual({
      context: './deploy/temporal-ui',
      args: { TEMPORAL_UI_VERSION },
    });
  });

  it('when the Temporal server starts, then the shared template targets its own PostgreSQL', () => {
    const env = environmentOf('temporal');
    expect(env.TEMPORAL_POSTGRES_HOST).toBe('temporal-postgresql');
    expect(env.TEMPORAL_POSTGRES_USER).toBe(environmentOf('temporal-postgresql').POSTGRES_USER);
    expect(env.TEMPORAL_POSTGRES_PASSWORD).toBe(environmentOf('temporal-postgresql').POSTGRES_PASSWORD);
    expect(environmentOf('temporal-schema')).toEqual(env);
    expect(environmentOf('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('when compose and cluster mode fill the server template, then they set only names it reads, and cluster mode sets them all', () => {
    const read = [...templateVariables(SERVER_TEMPLATE), ...templateVariables(SCHEMA_SCRIPT)];
    const clusterMode = Object.keys(clusterServerEnv(SOME_STORE, DEFAULT_CLUSTER_PORTS));
    expect(Object.keys(environmentOf('temporal')).filter((name) => !read.includes(name))).toEqual([]);
    expect(clusterMode.filter((name) => !read.includes(name))).toEqual([]);
    expect(templateVariables(SERVER_TEMPLATE).filter((name) => !clusterMode.includes(name))).toEqual([]);
    expect(
      Object.keys(environmentOf('temporal-ui')).filter(
        (name) => !templateVariables(UI_TEMPLATE).includes(name),
      ),
    ).toEqual([]);
  });

  it('when the schema job runs, then it runs the script cluster mode runs, before the server starts', () => {
    expect(service('temporal-schema').command).toEqual(['bash', '/etc/temporal/checkout/setup-schema.sh']);
    expect(dependenciesOf('temporal-schema')).toMatchObject({ 'temporal-postgresql': 'service_healthy' });
    expect(dependenciesOf('temporal')).toMatchObject({ 'temporal-schema': 'service_completed_successfully' });
    const dockerfile = fs.readFileSync(path.join(ROOT, 'deploy/temporal/Dockerfile'), 'utf8');
    for (const copied of ['config', 'dynamicconfig', 'setup-schema.sh'])
      expect(dockerfile).toMatch(new RegExp(`^COPY ${copied} /etc/temporal/checkout/${copied}$`, 'm'));
    expect(dockerfile).toContain(`--env ${CLUSTER_CONFIG_ENV}`);
  });

  it('when the stack is up, then the API, Temporal and the UI are published on 3000, 7233 and 8233', () => {
    expect(service('api').ports).toContain('3000:3000');
    expect(service('temporal').ports).toContain('7233:7233');
    expect(service('temporal-ui').ports).toContain('8233:8080');
  });

  it('when a service runs an npm script, then package.json defines that script', () => {
    const used = Object.fromEntries(APP_SERVICES.map((name) => [name, npmScriptOf(service(name).command)]));
    expect(used).toEqual({ migrate: 'migrate', worker: 'worker', api: 'api' });
    for (const script of Object.values(used)) expect(packageScripts).toContain(script);
  });

  it.each(ALL_SERVICES)('when %s depends on other services, then each of them exists', (name) => {
    for (const dep of Object.keys(dependenciesOf(name))) expect(Object.keys(services)).toContain(dep);
  });

  it('when the worker and the API start, then the migration has completed and Temporal has started', () => {
    for (const name of ['worker', 'api']) {
      expect(dependenciesOf(name)).toMatchObject({
        migrate: 'service_completed_successfully',
        temporal: 'service_started',
      });
    }
    expect(dependenciesOf('migrate')).toMatchObject({ 'app-postgresql': 'service_healthy' });
  });

  it('when the databases and the API run, then each has a healthcheck', () => {
    for (const name of ['temporal-postgresql', 'app-postgresql', 'api']) {
      expect(service(name).healthcheck).toBeDefined();
    }
    expect(JSON.stringify(service('api').healthcheck)).toContain('/readyz');
  });
});

describe('Dockerfile', () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

  it('when the image is built, then it starts from Node 20 on Debian bookworm', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim$/m);
  });

  it('when no command is given, then the image serves the API through an npm script package.json defines', () => {
    const cmd = /^CMD (.+)$/m.exec(dockerfile)?.[1];
    const script = npmScriptOf(cmd ? (JSON.parse(cmd) as unknown) : undefined);
    expect(script).toBe('api');
    expect(packageScripts).toContain(script);
  });

  it('when Prometheus and Grafana are read, then they scrape the ports the app serves and chart only series it exports', () => {
    const env = environmentOf('worker');
    const prometheus = parse(fs.readFileSync(path.join(ROOT, 'deploy/prometheus.yml'), 'utf8')) as {
      scrape_configs: {
        job_name: string;
        static_configs?: { targets: string[] }[];
        dns_sd_configs?: { port: number }[];
      }[];
    };
    const job = (name: string) => prometheus.scrape_configs.find((c) => c.job_name === name)!;
    expect(job('api').static_configs![0]!.targets).toEqual([`api:${env.API_PORT}`]);
    expect(String(job('worker').dns_sd_configs![0]!.port)).toBe(env.WORKER_METRICS_PORT);
    const dashboard = fs.readFileSync(path.join(ROOT, 'deploy/grafana/dashboards/checkout.json'), 'utf8');
    const queried = new Set(dashboard.match(/\b(checkout|temporal)_[a-z_]+/g));
    const app = createAppMetrics();
    const exported = new Set(app.registry.getMetricsAsArray().map((metric) => metric.name));
    for (const name of queried) {
      const series = name.replace(/_(bucket|count|sum)$/, '');
      // The SDK's series (temporal_…) come from its runtime; the worker-metrics test checks those two.
      if (series.startsWith('temporal_')) expect(series).toMatch(/schedule_to_start_latency$/);
      else expect(exported).toContain(series);
    }
    expect(queried.size).toBeGreaterThanOrEqual(6);
    for (const name of ['prometheus', 'grafana']) expect(services).toHaveProperty(name);
  });
});
