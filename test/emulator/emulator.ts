import type { Server } from 'node:http';
import { startAwsProxy } from './aws-proxy.js';
import { type ApiCallEvent, type TrailEvent, apiCallEvent } from './cloudtrail.js';
import type { Cluster } from './cluster.js';
import type { ConfigMap } from './configmap-store.js';
import { type Controllable, createControlApi } from './control-api.js';
import { Hooks } from './hooks.js';
import type { RequestRecord } from './http-util.js';
import { type KubeApiServer, startKubeApi } from './kube-api.js';
import { MotoIdentity } from './moto-identity.js';
import type { EmulatorState } from './state.js';
import { type ServerCertificate, createServerCertificate } from './tls.js';

export interface EmulatorOptions {
  /** moto's URL; IAM, STS, CloudFormation and EC2 requests are forwarded there unchanged. */
  readonly motoUrl: string;
  /** Folder for the CA and certificate files. */
  readonly dir: string;
  /** A certificate made beforehand with `createServerCertificate`, so that it can be made while moto starts. */
  readonly certificate?: ServerCertificate;
  /** Receives diagnostic lines (rejected tokens, server errors); silent by default. */
  readonly log?: (line: string) => void;
}

/** The EKS emulator: one AWS endpoint for every service, and one Kubernetes API server per cluster. */
export interface Emulator extends Controllable {
  /** Plain-HTTP endpoint for every `AWS_ENDPOINT_URL_<SERVICE>`. */
  readonly awsUrl: string;
  readonly caPem: string;
  readonly caFile: string;
  readonly clusters: readonly Cluster[];
  /** The cluster with this name (in any account), or the first cluster when no name is given. */
  cluster(name?: string): Cluster;
  /** Records a scripted CloudTrail event, as if the call had been made. */
  addCloudTrailEvent(event: ApiCallEvent): TrailEvent;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const certificate = options.certificate ?? (await createServerCertificate(options.dir));
  const moto = new MotoIdentity(options.motoUrl);
  const hooks = new Hooks();
  const requests: RequestRecord[] = [];
  const record = (entry: RequestRecord) => void requests.push(entry);
  const kubeServers: KubeApiServer[] = [];

  const state: EmulatorState = {
    clusters: new Map(),
    events: [],
    deniedEksActions: new Map(),
    caPem: certificate.caPem,
    async startKubeApi(cluster) {
      const server = await startKubeApi({ cluster, certificate, moto, hooks, record, ...(options.log ? { log: options.log } : {}) });
      kubeServers.push(server);
      return server.url;
    },
  };

  const cluster = (name?: string): Cluster => {
    const found = [...state.clusters.values()].find((candidate) => name === undefined || candidate.name === name);
    if (!found) throw new Error(name ? `the emulator has no cluster named ${name}` : 'the emulator has no cluster yet');
    return found;
  };

  const emulator: Omit<Emulator, 'awsUrl'> = {
    caPem: certificate.caPem,
    caFile: certificate.caFile,
    hooks,
    requests,
    get clusters() {
      return [...state.clusters.values()];
    },
    cluster,
    clearRequests: () => void requests.splice(0),
    setConfigMap: (namespace, name, data, clusterName) => cluster(clusterName).configMaps.set(namespace, name, data),
    getConfigMap: (namespace, name, clusterName): ConfigMap | undefined => cluster(clusterName).configMaps.find(namespace, name),
    deleteConfigMap: (namespace, name, clusterName) => cluster(clusterName).configMaps.remove(namespace, name),
    denyEksActions(principalArn, actions) {
      const key = principalArn.toLowerCase();
      const denied = state.deniedEksActions.get(key) ?? new Set<string>();
      for (const action of actions) denied.add(action.replace(/^eks:/, ''));
      state.deniedEksActions.set(key, denied);
    },
    addCloudTrailEvent(event) {
      const trailEvent = apiCallEvent(event);
      state.events.push(trailEvent);
      return trailEvent;
    },
    async stop() {
      hooks.clear();
      await Promise.all(kubeServers.map((server) => server.close()));
      await closeServer(proxy.server);
    },
  };

  const proxy = await startAwsProxy({
    motoUrl: options.motoUrl,
    moto,
    state,
    hooks,
    record,
    control: createControlApi(emulator),
    ...(options.log ? { log: options.log } : {}),
  });
  return Object.assign(emulator, { awsUrl: proxy.url });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
