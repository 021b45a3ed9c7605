// Renders k8s/ with `kubectl kustomize` (no cluster needed) and checks the objects it produces.
// Each check is a pure function returning a list of problems, so a failure names every object at
// fault, and the last tests feed deliberately broken copies of the render to the same checks to
// show that they do catch what they are meant to.
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  connectionBudget,
  defaultPoolSizeOf,
  POSTGRES_DEFAULT_LIMITS,
  serviceUrlVariable,
} from '@threadline/platform';
import {
  REPO_ROOT,
  runCommand,
  SECRET_KEYS,
  DATABASE_SECRET_KEYS,
  SERVICE_NAMES,
  SERVICE_SETTINGS,
  SERVICES,
  SHARED_SETTINGS,
  SIMULATOR,
} from './support';

type StringMap = Record<string, string>;

interface Metadata {
  name: string;
  namespace?: string;
  labels?: StringMap;
  annotations?: StringMap;
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
}

interface Probe {
  httpGet?: { path?: string; port?: string | number };
}

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
}

interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] } } };
  resources?: { requests?: StringMap; limits?: StringMap };
  securityContext?: SecurityContext;
}

interface PodTemplate {
  metadata?: { labels?: StringMap; annotations?: StringMap };
  spec: {
    containers: Container[];
    initContainers?: Container[];
    securityContext?: SecurityContext;
    terminationGracePeriodSeconds?: number;
    restartPolicy?: string;
  };
}

interface Deployment extends K8sObject {
  kind: 'Deployment';
  spec: { replicas?: number; selector: { matchLabels?: StringMap }; template: PodTemplate };
}

interface Job extends K8sObject {
  kind: 'Job';
  spec: { backoffLimit?: number; template: PodTemplate };
}

interface Service extends K8sObject {
  kind: 'Service';
  spec: {
    type?: string;
    selector?: StringMap;
    ports: { name?: string; port: number; targetPort?: string | number }[];
  };
}

interface ConfigMap extends K8sObject {
  kind: 'ConfigMap';
  data?: StringMap;
}

interface Secret extends K8sObject {
  kind: 'Secret';
  data?: StringMap;
  stringData?: StringMap;
}

type Workload = Deployment | Job;

const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const NAMESPACE = 'threadline';

function renderKustomization(dir: string): K8sObject[] {
  const result = runCommand(KUBECTL, ['kustomize', dir]);
  if (result.spawnError) {
    throw new Error(
      `could not run "${KUBECTL} kustomize": ${result.spawnError.message}. ` +
        'These tests need kubectl (v1.32 is expected at /usr/bin/kubectl; set KUBECTL to use another).',
    );
  }
  if (result.status !== 0) {
    throw new Error(`"${KUBECTL} kustomize ${dir}" exited ${String(result.status)}:\n${result.stderr}`);
  }
  const docs = parseAllDocuments(result.stdout);
  return docs.map((doc, index) => {
    if (doc.errors.length > 0) {
      throw new Error(
        `rendered document ${index} is not valid YAML: ${doc.errors.map((e) => e.message).join('; ')}`,
      );
    }
    return doc.toJS() as K8sObject;
  });
}

const ofKind =
  <T extends K8sObject>(kind: T['kind']) =>
  (objects: readonly K8sObject[]): T[] =>
    objects.filter((o): o is T => o.kind === kind);
const deploymentsOf = ofKind<Deployment>('Deployment');
const jobsOf = ofKind<Job>('Job');
const servicesOf = ofKind<Service>('Service');
const configMapsOf = ofKind<ConfigMap>('ConfigMap');
const secretsOf = ofKind<Secret>('Secret');

function workloadsOf(objects: readonly K8sObject[]): Workload[] {
  return [...deploymentsOf(objects), ...jobsOf(objects)];
}

function allContainers(template: PodTemplate): Container[] {
  return [...(template.spec.initContainers ?? []), ...template.spec.containers];
}

function label(object: K8sObject): string {
  return `${object.kind} ${object.metadata.name}`;
}

/** Splits an image reference into repository and tag (the tag is undefined when absent). */
function parseImage(image: string): { repository: string; tag: string | undefined } {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    return { repository: withoutDigest.slice(0, lastColon), tag: withoutDigest.slice(lastColon + 1) };
  }
  return { repository: withoutDigest, tag: undefined };
}

// ---------------------------------------------------------------------------------------------
// Checks. Each returns the problems it finds; an empty list means the render is fine.

function resourceProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const workload of workloadsOf(objects)) {
    for (const container of allContainers(workload.spec.template)) {
      const where = `${label(workload)}, container ${container.name}`;
      if (!container.image) problems.push(`${where}: no image`);
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory']) {
          if (!container.resources?.[kind]?.[resource]) problems.push(`${where}: no ${resource} ${kind}`);
        }
      }
    }
  }
  return problems;
}

function imageProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const workload of workloadsOf(objects)) {
    for (const container of allContainers(workload.spec.template)) {
      const { tag } = parseImage(container.image ?? '');
      if (!tag || tag === 'latest') {
        problems.push(
          `${label(workload)}, container ${container.name}: image ${container.image} has no fixed tag`,
        );
      }
    }
  }
  return problems;
}

function runsMigration(container: Container): boolean {
  return [...(container.command ?? []), ...(container.args ?? [])].join(' ') === 'node dist/migrate.js';
}

function httpPort(container: Container): number | undefined {
  return container.ports?.find((p) => p.name === 'http')?.containerPort;
}

function probeProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const deployment of deploymentsOf(objects)) {
    for (const container of deployment.spec.template.spec.containers) {
      const where = `${label(deployment)}, container ${container.name}`;
      if (httpPort(container) === undefined) problems.push(`${where}: no container port named http`);
      const expected = { livenessProbe: '/healthz', readinessProbe: '/readyz' } as const;
      for (const [probe, probePath] of Object.entries(expected) as [keyof typeof expected, string][]) {
        const httpGet = container[probe]?.httpGet;
        if (httpGet?.path !== probePath || httpGet.port !== 'http') {
          problems.push(
            `${where}: ${probe} should be GET ${probePath} on port http, is ${JSON.stringify(httpGet)}`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * A service container that dies or hangs is restarted, as `npm start` restarts its processes: the
 * pods restart always (a Deployment's only policy, stated or left to its default), and what decides
 * a restart (the liveness and startup probes) asks only whether the process itself answers,
 * /healthz, never /readyz, so an outage of Postgres or Redis takes pods out of service without
 * restarting every one of them in a loop.
 */
function restartProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const deployment of deploymentsOf(objects)) {
    const policy = deployment.spec.template.spec.restartPolicy ?? 'Always';
    if (policy !== 'Always') problems.push(`${label(deployment)}: restartPolicy ${policy} instead of Always`);
    for (const container of deployment.spec.template.spec.containers) {
      const where = `${label(deployment)}, container ${container.name}`;
      if (!container.livenessProbe)
        problems.push(`${where}: no livenessProbe, a hung process is never restarted`);
      for (const probe of ['livenessProbe', 'startupProbe'] as const) {
        const probePath = container[probe]?.httpGet?.path;
        if (container[probe] && probePath !== '/healthz') {
          problems.push(`${where}: ${probe} checks ${probePath}, not /healthz`);
        }
      }
    }
  }
  return problems;
}

function envFromProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const exists = (kind: string, name: string, namespace: string | undefined): boolean =>
    objects.some((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
  // Every service container, and every Job container that runs a migration, needs the settings.
  const consumers = [
    ...deploymentsOf(objects).flatMap((d) => d.spec.template.spec.containers.map((c) => [d, c] as const)),
    ...jobsOf(objects).flatMap((j) =>
      allContainers(j.spec.template)
        .filter(runsMigration)
        .map((c) => [j, c] as const),
    ),
  ];
  for (const [workload, container] of consumers) {
    const where = `${label(workload)}, container ${container.name}`;
    const configMaps = (container.envFrom ?? []).flatMap((e) =>
      e.configMapRef ? [e.configMapRef.name] : [],
    );
    const secrets = (container.envFrom ?? []).flatMap((e) => (e.secretRef ? [e.secretRef.name] : []));
    if (configMaps.length === 0) problems.push(`${where}: no envFrom ConfigMap`);
    if (secrets.length === 0) problems.push(`${where}: no envFrom Secret`);
    for (const name of configMaps) {
      if (!exists('ConfigMap', name, workload.metadata.namespace)) {
        problems.push(`${where}: envFrom ConfigMap ${name} is not in the render`);
      }
    }
    for (const name of secrets) {
      if (!exists('Secret', name, workload.metadata.namespace)) {
        problems.push(`${where}: envFrom Secret ${name} is not in the render`);
      }
    }
  }
  return problems;
}

function serviceProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const services = servicesOf(objects);
  for (const deployment of deploymentsOf(objects)) {
    const podLabels = deployment.spec.template.metadata?.labels ?? {};
    const selects = (selector: StringMap | undefined): boolean =>
      !!selector &&
      Object.keys(selector).length > 0 &&
      Object.entries(selector).every(([key, value]) => podLabels[key] === value);
    if (!selects(deployment.spec.selector.matchLabels)) {
      problems.push(`${label(deployment)}: its selector does not match its own pod labels`);
    }
    const service = services.find(
      (s) =>
        s.metadata.name === deployment.metadata.name &&
        s.metadata.namespace === deployment.metadata.namespace,
    );
    if (!service) {
      problems.push(`${label(deployment)}: no Service of the same name`);
      continue;
    }
    if ((service.spec.type ?? 'ClusterIP') !== 'ClusterIP') {
      problems.push(`${label(service)}: type ${service.spec.type} instead of ClusterIP`);
    }
    if (!selects(service.spec.selector)) {
      problems.push(
        `${label(service)}: selector ${JSON.stringify(service.spec.selector)} does not select the pods`,
      );
    }
    const port = service.spec.ports.find((p) => p.name === 'http');
    if (port?.targetPort !== 'http') {
      problems.push(
        `${label(service)}: needs a port named http with targetPort http, has ${JSON.stringify(port)}`,
      );
    }
  }
  return problems;
}

function securityProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const workload of workloadsOf(objects)) {
    const podContext = workload.spec.template.spec.securityContext ?? {};
    for (const container of allContainers(workload.spec.template)) {
      const where = `${label(workload)}, container ${container.name}`;
      const context = container.securityContext ?? {};
      if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true)
        problems.push(`${where}: runAsNonRoot not set`);
      if ((context.runAsUser ?? podContext.runAsUser) === 0) problems.push(`${where}: runs as uid 0`);
      if (context.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem is writable`);
      if (context.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation allowed`);
    }
  }
  return problems;
}

/** Secret-looking keys, and values that carry credentials such as postgres://user:password@host. */
function secretLeakProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  // (`_TOKEN` only at the end: AUTH_TOKEN_TTL_SECONDS is a lifetime, not a token.)
  const secretKey = /PASSWORD|SECRET|CREDENTIAL|(^|_)(TOKEN|KEY)$|_SID$|DATABASE_URL/i;
  const credentialsInUrl = /:\/\/[^\s/@]*:[^\s/@]+@/;
  for (const configMap of configMapsOf(objects)) {
    for (const [key, value] of Object.entries(configMap.data ?? {})) {
      if ((SECRET_KEYS as readonly string[]).includes(key) || secretKey.test(key)) {
        problems.push(`${label(configMap)}: holds the secret ${key}`);
      }
      if (credentialsInUrl.test(value)) problems.push(`${label(configMap)}: ${key} contains credentials`);
    }
  }
  return problems;
}

/**
 * The provider simulator and the demo seeds are for docker-compose.yml only: no object, image or
 * command of theirs, and no setting that points at the simulator.
 */
function localOnlyProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const simulator = new RegExp(`(^|[^a-z-])${SIMULATOR.name}([^a-z-]|$)`);
  for (const object of objects) {
    const names = [object.metadata.name, ...Object.values(object.metadata.labels ?? {})];
    if (names.some((name) => simulator.test(name)))
      problems.push(`${label(object)}: is the provider simulator`);
  }
  for (const workload of workloadsOf(objects)) {
    for (const container of allContainers(workload.spec.template)) {
      const where = `${label(workload)}, container ${container.name}`;
      if (simulator.test(parseImage(container.image ?? '').repository)) {
        problems.push(`${where}: runs the provider simulator image`);
      }
      const words = [...(container.command ?? []), ...(container.args ?? [])];
      if (words.some((word) => /(^|\/)seed\.js$/.test(word))) problems.push(`${where}: runs a demo seed`);
    }
  }
  for (const configMap of configMapsOf(objects)) {
    for (const [key, value] of Object.entries(configMap.data ?? {})) {
      if (simulator.test(value) || new RegExp(`:${SIMULATOR.port}(/|$)`).test(value)) {
        problems.push(`${label(configMap)}: ${key} points at the provider simulator`);
      }
    }
  }
  return problems;
}

/** The base's Secret must hold obvious placeholders only: real values come from the cluster. */
function placeholderProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const secret of secretsOf(objects)) {
    const values: StringMap = {
      ...Object.fromEntries(
        Object.entries(secret.data ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value, 'base64').toString('utf8'),
        ]),
      ),
      ...secret.stringData,
    };
    for (const [key, value] of Object.entries(values)) {
      if (!value.includes('CHANGE-ME'))
        problems.push(`${label(secret)}: ${key} is not a CHANGE-ME placeholder`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

describe('k8s/ rendered with kubectl kustomize', () => {
  let objects: K8sObject[];

  beforeAll(() => {
    objects = renderKustomization(path.join(REPO_ROOT, 'k8s'));
  });

  const byName = <T extends K8sObject>(list: T[], name: string): T | undefined =>
    list.find((o) => o.metadata.name === name);
  const configMap = (): ConfigMap => {
    const maps = configMapsOf(objects).filter((c) =>
      /^threadline-config(-[a-z0-9]+)?$/.test(c.metadata.name),
    );
    expect(maps).toHaveLength(1);
    return maps[0] as ConfigMap;
  };

  it('renders only Threadline objects, all in the threadline namespace', () => {
    expect(objects.length).toBeGreaterThan(0);
    const problems = objects.flatMap((object) => [
      ...(typeof object.apiVersion === 'string' && object.metadata.name
        ? []
        : [`${label(object)}: incomplete`]),
      ...(object.kind === 'Namespace' || object.metadata.namespace === NAMESPACE
        ? []
        : [`${label(object)}: namespace ${object.metadata.namespace}`]),
      ...(object.metadata.labels?.['app.kubernetes.io/part-of'] === 'threadline'
        ? []
        : [`${label(object)}: no app.kubernetes.io/part-of=threadline label`]),
    ]);
    expect(problems).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual([NAMESPACE]);
  });

  it('does not deploy NATS, Postgres or Redis themselves', () => {
    const images = workloadsOf(objects).flatMap((w) =>
      allContainers(w.spec.template).map((c) => c.image ?? ''),
    );
    for (const image of images) {
      expect(parseImage(image).repository).not.toMatch(/(^|\/)(nats|postgres|redis)$/);
    }
    expect(objects.filter((o) => o.kind === 'StatefulSet')).toEqual([]);
  });

  it('gives each of the six services a two-replica Deployment and a Service named after it', () => {
    expect(
      deploymentsOf(objects)
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual([...SERVICE_NAMES].sort());
    expect(
      servicesOf(objects)
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual([...SERVICE_NAMES].sort());
    for (const { name, port } of SERVICES) {
      const deployment = byName(deploymentsOf(objects), name);
      expect(deployment?.spec.replicas).toBe(2);
      expect(deployment?.metadata.labels?.['app.kubernetes.io/name']).toBe(name);
      expect(deployment?.spec.template.metadata?.labels).toMatchObject({
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/part-of': 'threadline',
      });
      const container = deployment?.spec.template.spec.containers[0];
      expect(deployment?.spec.template.spec.containers).toHaveLength(1);
      expect(container && httpPort(container)).toBe(port);
      expect(container?.env?.find((e) => e.name === 'HTTP_PORT')?.value).toBe(String(port));
      expect(
        parseImage(container?.image ?? '')
          .repository.split('/')
          .pop(),
      ).toBe(name);
    }
  });

  it('sets an image and cpu and memory requests and limits on every Deployment and Job container', () => {
    expect(workloadsOf(objects).length).toBeGreaterThanOrEqual(SERVICES.length + 1);
    expect(resourceProblems(objects)).toEqual([]);
  });

  it('pins every container image to an explicit tag', () => {
    expect(imageProblems(objects)).toEqual([]);
  });

  it('probes liveness on /healthz and readiness on /readyz through the port named http', () => {
    expect(probeProblems(objects)).toEqual([]);
  });

  it('restarts a service pod that dies or hangs, judged by /healthz only', () => {
    expect(deploymentsOf(objects)).toHaveLength(SERVICES.length);
    expect(restartProblems(objects)).toEqual([]);
  });

  it('feeds every service and migration container from a ConfigMap and a Secret present in the render', () => {
    expect(envFromProblems(objects)).toEqual([]);
  });

  it('exposes each Deployment through a ClusterIP Service that selects its pods and targets the http port', () => {
    expect(serviceProblems(objects)).toEqual([]);
  });

  it('runs every container as non-root with a read-only root filesystem and no privilege escalation', () => {
    expect(securityProblems(objects)).toEqual([]);
  });

  it('gives pods more time to stop than the preStop delay plus SHUTDOWN_GRACE_MS', () => {
    const shutdownSeconds = Number(configMap().data?.SHUTDOWN_GRACE_MS) / 1000;
    expect(shutdownSeconds).toBeGreaterThan(0);
    for (const deployment of deploymentsOf(objects)) {
      const container = deployment.spec.template.spec.containers[0];
      const preStop = container?.lifecycle?.preStop?.exec?.command ?? [];
      const preStopSeconds = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;
      // Kubernetes' default when the field is absent is 30 s.
      const grace = deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30;
      expect(grace).toBeGreaterThan(10);
      expect(grace).toBeGreaterThan(preStopSeconds + shutdownSeconds);
    }
  });

  it('annotates every service pod for Prometheus to scrape /metrics on its http port', () => {
    for (const deployment of deploymentsOf(objects)) {
      const container = deployment.spec.template.spec.containers[0];
      expect(deployment.spec.template.metadata?.annotations).toEqual(
        expect.objectContaining({
          'prometheus.io/scrape': 'true',
          'prometheus.io/path': '/metrics',
          'prometheus.io/port': String(container && httpPort(container)),
        }),
      );
    }
  });

  it("runs each service's migrate.js, from that service's image, in the threadline-migrate Job", () => {
    const job = byName(jobsOf(objects), 'threadline-migrate');
    expect(job).toBeDefined();
    if (!job) return;
    expect(job.spec.backoffLimit).toEqual(expect.any(Number));
    expect(['Never', 'OnFailure']).toContain(job.spec.template.spec.restartPolicy);
    const containers = allContainers(job.spec.template);
    for (const name of SERVICE_NAMES) {
      const migrations = containers.filter(
        (c) =>
          parseImage(c.image ?? '')
            .repository.split('/')
            .pop() === name && runsMigration(c),
      );
      expect({ service: name, migrations: migrations.length }).toEqual({ service: name, migrations: 1 });
    }
    // The roles first, then the migrations one at a time, in order, as init containers.
    const [roles, ...migrations] = job.spec.template.spec.initContainers ?? [];
    expect(roles?.command).toEqual(['node', 'node_modules/@threadline/platform/dist/bin/setup-roles.js']);
    expect(
      migrations.map((c) =>
        parseImage(c.image ?? '')
          .repository.split('/')
          .pop(),
      ),
    ).toEqual(SERVICE_NAMES);
  });

  it('keeps DATABASE_URL and the other secrets out of every ConfigMap and in threadline-secrets', () => {
    expect(configMapsOf(objects).length).toBeGreaterThan(0);
    expect(secretLeakProblems(objects)).toEqual([]);
    const secret = byName(secretsOf(objects), 'threadline-secrets');
    expect(secret).toBeDefined();
    const keys = Object.keys({ ...secret?.data, ...secret?.stringData });
    // The database logins have Secrets of their own (see the roles test below).
    const shared = SECRET_KEYS.filter((key) => !(DATABASE_SECRET_KEYS as readonly string[]).includes(key));
    expect(keys.sort()).toEqual([...shared].sort());
  });

  describe('database roles (decision 46)', () => {
    const secretValue = (name: string, key: string): string | undefined => {
      const secret = byName(secretsOf(objects), name);
      return { ...secret?.stringData }[key];
    };
    const databaseUrlRef = (container: Container | undefined) =>
      container?.env?.find((entry) => entry.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;

    it("gives each service's pods only their own login, from a Secret of its own, with a role of their own", () => {
      const users = new Set<string>();
      for (const name of SERVICE_NAMES) {
        const deployment = byName(deploymentsOf(objects), name);
        const container = deployment?.spec.template.spec.containers[0];
        expect({ service: name, ref: databaseUrlRef(container) }).toEqual({
          service: name,
          ref: { name: `threadline-db-${name}`, key: 'DATABASE_URL' },
        });
        // Neither the migration role nor the administrator reaches a service's pods.
        const secrets = (container?.envFrom ?? []).flatMap((entry) =>
          entry.secretRef ? [entry.secretRef.name] : [],
        );
        expect({ service: name, secrets }).toEqual({ service: name, secrets: ['threadline-secrets'] });
        const url = new URL(secretValue(`threadline-db-${name}`, 'DATABASE_URL') ?? '');
        users.add(url.username);
      }
      expect(users.size).toBe(SERVICE_NAMES.length);
      expect(users).not.toContain(
        new URL(secretValue('threadline-db-migrator', 'DATABASE_MIGRATION_URL') ?? '').username,
      );
    });

    it('creates the roles from the same Secrets before the migrations, which run as the migration role', () => {
      const job = byName(jobsOf(objects), 'threadline-migrate');
      const [roles, ...migrations] = job?.spec.template.spec.initContainers ?? [];
      const secretsOfContainer = (container: Container | undefined) =>
        (container?.envFrom ?? []).flatMap((entry) => (entry.secretRef ? [entry.secretRef.name] : []));
      expect(secretsOfContainer(roles)).toEqual(
        expect.arrayContaining(['threadline-db-admin', 'threadline-db-migrator']),
      );
      for (const name of SERVICE_NAMES) {
        expect(
          roles?.env?.find((entry) => entry.name === serviceUrlVariable(name))?.valueFrom?.secretKeyRef,
        ).toEqual({
          name: `threadline-db-${name}`,
          key: 'DATABASE_URL',
        });
      }
      for (const migration of migrations) {
        expect(secretsOfContainer(migration)).toContain('threadline-db-migrator');
        expect(secretsOfContainer(migration)).not.toContain('threadline-db-admin');
      }
    });

    it("fits every Deployment's replicas and pools into Postgres's default 100 connections", () => {
      const data = configMap().data ?? {};
      const deployment = SERVICE_NAMES.map((name) => {
        const replicas = byName(deploymentsOf(objects), name)?.spec.replicas ?? 1;
        const poolSize = Number(data.DATABASE_POOL_SIZE ?? defaultPoolSizeOf(name));
        return { service: name, replicas, poolSize, migratesOnStart: data.MIGRATE_ON_START !== 'false' };
      });
      expect(deployment.every((entry) => entry.replicas === 2)).toBe(true);
      const budget = connectionBudget(deployment, POSTGRES_DEFAULT_LIMITS);
      expect({ needed: budget.needed, fits: budget.fits }).toEqual({ needed: budget.needed, fits: true });
    });
  });

  it('configures the services for the cluster: shared NATS and Redis, 3 stream replicas, no migration on start', () => {
    const data = configMap().data ?? {};
    for (const key of SHARED_SETTINGS) expect(Object.keys(data)).toContain(key);
    expect(data).toMatchObject({
      NATS_URL: 'nats://nats:4222',
      NATS_STREAM_REPLICAS: '3',
      MIGRATE_ON_START: 'false',
      NATS_NAMESPACE: '',
    });
    expect(data.REDIS_URL).toMatch(/^rediss?:\/\//);
  });

  it("carries each service's own settings in the ConfigMap, pointing sms-gateway at the real Twilio API", () => {
    const data = configMap().data ?? {};
    for (const [service, keys] of Object.entries(SERVICE_SETTINGS)) {
      for (const key of keys) {
        expect({ service, key, present: key in data }).toEqual({ service, key, present: true });
      }
    }
    expect(data).toMatchObject({
      TWILIO_API_BASE_URL: 'https://api.twilio.com',
      // S5: replicas on several nodes share images through a bucket, not a pod's disk.
      MEDIA_STORAGE: 's3',
      ROUTING_DEFAULT_CAPACITY: '4',
      ROUTING_OFFER_TIMEOUT_SECONDS: '120',
    });
    // Twilio calls the gateway from the internet: a public https address, not a cluster name.
    const publicUrl = new URL(data.SMS_PUBLIC_BASE_URL ?? '');
    expect(publicUrl.protocol).toBe('https:');
    expect(publicUrl.hostname).toContain('.');
    expect(publicUrl.hostname).not.toMatch(/^(localhost|127\.|sms-gateway)|\.svc(\.|$)|\.local$/);
    expect(publicUrl.pathname).toBe('/');
  });

  it('does not deploy the provider simulator or the demo seeds', () => {
    expect(localOnlyProblems(objects)).toEqual([]);
  });

  it('holds only CHANGE-ME placeholders in the base Secret', () => {
    expect(placeholderProblems(objects)).toEqual([]);
    // Too short for agent-gateway (32+ characters): it refuses to start rather than sign with it.
    const secret = byName(secretsOf(objects), 'threadline-secrets');
    expect((secret?.stringData?.AUTH_JWT_SECRET ?? '').length).toBeLessThan(32);
  });

  it('labels the servers so a first apply can run the migration Job before any service rolls out', () => {
    // k8s/README.md: `kubectl apply -k k8s/ -l 'app.kubernetes.io/component!=server'`, wait, apply all.
    const isServer = (o: K8sObject): boolean =>
      o.metadata.labels?.['app.kubernetes.io/component'] === 'server';
    const first = objects.filter((o) => !isServer(o)).map((o) => o.kind);
    expect(new Set(first)).toEqual(new Set(['Namespace', 'ConfigMap', 'Secret', 'Job']));
    const later = new Set(objects.filter(isServer).map((o) => o.kind));
    expect(later).toEqual(new Set(['Deployment', 'Service', 'PodDisruptionBudget']));
  });

  describe('the checks above', () => {
    // Each case breaks one thing in a copy of the render and expects the matching check to see it.
    const broken = (mutate: (objects: K8sObject[]) => void): K8sObject[] => {
      const copy = structuredClone(objects);
      mutate(copy);
      return copy;
    };
    const firstDeployment = (list: K8sObject[]): Deployment => deploymentsOf(list)[0] as Deployment;
    const firstJob = (list: K8sObject[]): Job => jobsOf(list)[0] as Job;

    it('flag a container without a memory limit, even an init container of the Job', () => {
      expect(
        resourceProblems(
          broken((list) => {
            delete firstJob(list).spec.template.spec.initContainers?.[0]?.resources?.limits?.memory;
          }),
        ),
      ).toEqual([expect.stringMatching(/^Job threadline-migrate, container .*: no memory limits$/)]);
    });

    it('flag a readiness probe that checks /healthz instead of /readyz', () => {
      expect(
        probeProblems(
          broken((list) => {
            const probe = firstDeployment(list).spec.template.spec.containers[0]?.readinessProbe;
            if (probe?.httpGet) probe.httpGet.path = '/healthz';
          }),
        ),
      ).toHaveLength(1);
    });

    it('flag a pod that does not restart, a container without liveness and a startup probe on /readyz', () => {
      const problems = restartProblems(
        broken((list) => {
          const [first, second] = deploymentsOf(list);
          if (first) first.spec.template.spec.restartPolicy = 'Never';
          const container = second?.spec.template.spec.containers[0];
          if (container) {
            delete container.livenessProbe;
            if (container.startupProbe?.httpGet) container.startupProbe.httpGet.path = '/readyz';
          }
        }),
      );
      expect(problems).toEqual([
        expect.stringMatching(/^Deployment [a-z-]+: restartPolicy Never instead of Always$/),
        expect.stringMatching(/: no livenessProbe, a hung process is never restarted$/),
        expect.stringMatching(/: startupProbe checks \/readyz, not \/healthz$/),
      ]);
    });

    it('flag an envFrom Secret that is not rendered', () => {
      const withoutSecret = broken((list) => {
        list.splice(
          list.findIndex((o) => o.kind === 'Secret' && o.metadata.name === 'threadline-secrets'),
          1,
        );
      });
      const problems = envFromProblems(withoutSecret);
      // Every service container and all six migration containers lose their Secret.
      expect(problems).toHaveLength(SERVICES.length * 2);
      expect(problems[0]).toMatch(/envFrom Secret threadline-secrets is not in the render$/);
    });

    it('flag a Service whose selector misses the pods', () => {
      expect(
        serviceProblems(
          broken((list) => {
            const service = servicesOf(list)[0] as Service;
            service.spec.selector = { 'app.kubernetes.io/name': 'nobody' };
          }),
        ),
      ).toHaveLength(1);
    });

    it('flag DATABASE_URL in a ConfigMap', () => {
      expect(
        secretLeakProblems(
          broken((list) => {
            const map = configMapsOf(list)[0] as ConfigMap;
            map.data = { ...map.data, DATABASE_URL: 'postgres://u:p@db/threadline' };
          }),
        ),
      ).toHaveLength(2);
    });

    it('flag the new secrets in a ConfigMap, but not the token lifetime beside them', () => {
      const problems = secretLeakProblems(
        broken((list) => {
          const map = configMapsOf(list)[0] as ConfigMap;
          map.data = { ...map.data, AUTH_JWT_SECRET: 'x'.repeat(40), TWILIO_AUTH_TOKEN: 'y'.repeat(32) };
        }),
      );
      expect(problems).toEqual([
        expect.stringMatching(/: holds the secret AUTH_JWT_SECRET$/),
        expect.stringMatching(/: holds the secret TWILIO_AUTH_TOKEN$/),
      ]);
    });

    it('flag a provider simulator Deployment and a ConfigMap that points sms-gateway at it', () => {
      const problems = localOnlyProblems(
        broken((list) => {
          const simulator = structuredClone(firstDeployment(list));
          simulator.metadata.name = SIMULATOR.name;
          const container = simulator.spec.template.spec.containers[0];
          if (container) container.image = `registry.example.com/threadline/${SIMULATOR.name}:0.1.0`;
          list.push(simulator);
          const map = configMapsOf(list)[0] as ConfigMap;
          map.data = { ...map.data, TWILIO_API_BASE_URL: `http://${SIMULATOR.name}:${SIMULATOR.port}` };
        }),
      );
      expect(problems).toEqual([
        `Deployment ${SIMULATOR.name}: is the provider simulator`,
        expect.stringMatching(/container .*: runs the provider simulator image$/),
        expect.stringMatching(/: TWILIO_API_BASE_URL points at the provider simulator$/),
      ]);
    });

    it('flag a migration container that runs a demo seed', () => {
      expect(
        localOnlyProblems(
          broken((list) => {
            const container = firstJob(list).spec.template.spec.initContainers?.[0];
            if (container) container.command = ['node', 'dist/seed.js'];
          }),
        ),
      ).toEqual([expect.stringMatching(/^Job threadline-migrate, container .*: runs a demo seed$/)]);
    });

    it('flag a Secret value that is not a placeholder, also in base64 data', () => {
      expect(
        placeholderProblems(
          broken((list) => {
            const secret = byName(secretsOf(list), 'threadline-secrets') as Secret;
            secret.stringData = { ...secret.stringData, AUTH_JWT_SECRET: 'k3y-'.repeat(10) };
            secret.data = { SMTP_PASSWORD: Buffer.from('0123456789abcdef').toString('base64') };
          }),
        ).sort(),
      ).toEqual([
        'Secret threadline-secrets: AUTH_JWT_SECRET is not a CHANGE-ME placeholder',
        'Secret threadline-secrets: SMTP_PASSWORD is not a CHANGE-ME placeholder',
      ]);
    });
  });
});
