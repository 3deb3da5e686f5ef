import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Cluster } from './cluster.js';
import type { Hooks } from './hooks.js';
import { type RequestRecord, parseJson, readBody, sendJson } from './http-util.js';
import { type KubeUser, mapIdentity } from './identity-mapper.js';
import { KUBERNETES_VERSION, discoveryDocument } from './kube-discovery.js';
import { parseKubeRoute } from './kube-routes.js';
import { serveKubeRequest } from './kube-resources.js';
import { KubeError, badRequest, forbidden, pathNotFound, unauthorized } from './kube-status.js';
import type { MotoIdentity } from './moto-identity.js';
import { isAllowed } from './rbac.js';
import type { ServerCertificate } from './tls.js';
import { authenticateToken } from './token-authenticator.js';

export interface KubeApiOptions {
  readonly cluster: Cluster;
  readonly certificate: ServerCertificate;
  readonly moto: MotoIdentity;
  readonly hooks: Hooks;
  readonly record: (entry: RequestRecord) => void;
  /** Receives one line per rejected token, with the reason, for debugging tests. */
  readonly log?: (line: string) => void;
}

export interface KubeApiServer {
  readonly url: string;
  close(): Promise<void>;
}

const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

async function authenticate(request: IncomingMessage, options: KubeApiOptions): Promise<KubeUser> {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  const result = await authenticateToken(token, options.cluster.name, options.moto);
  if (!result.ok) {
    options.log?.(`kube-api ${options.cluster.name}: rejected token: ${result.reason}`);
    throw unauthorized();
  }
  const user = mapIdentity(options.cluster, result.identity);
  if (!user) {
    options.log?.(`kube-api ${options.cluster.name}: ${result.identity.arn} is not mapped`);
    throw unauthorized();
  }
  return user;
}

async function handle(request: IncomingMessage, response: ServerResponse, options: KubeApiOptions): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'https://127.0.0.1');
  const route = parseKubeRoute(method, url);
  const action = route?.action ?? `${method} ${url.pathname}`;
  const body = await readBody(request);
  let principalArn: string | undefined;
  const reply = (status: number, payload: unknown) => {
    sendJson(response, status, payload);
    options.record({ service: 'k8s', action, method, path: url.pathname, status, ...(principalArn ? { principalArn } : {}) });
  };

  const effect = await options.hooks.intercept({ service: 'k8s', action, method, path: url.pathname });
  if (effect && 'reset' in effect) return void request.socket.destroy();
  if (effect && 'expiredToken' in effect) return reply(401, unauthorized().status);
  if (effect && 'status' in effect) return reply(effect.status, effect.body ?? {});

  try {
    if (PUBLIC_PATHS.has(url.pathname)) {
      return reply(200, url.pathname === '/version' ? KUBERNETES_VERSION : 'ok');
    }
    const user = await authenticate(request, options);
    principalArn = user.arn;
    const discovery = discoveryDocument(url.pathname, request.socket.localAddress + ':' + request.socket.localPort);
    if (discovery) return reply(200, discovery);
    if (!route) throw pathNotFound();
    if (!isAllowed(user, route)) throw forbidden({ user: user.username, ...route });
    let parsed: unknown;
    try {
      parsed = parseJson(body);
    } catch (error) {
      throw badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
    }
    const contentType = request.headers['content-type'] ?? 'application/json';
    const result = serveKubeRequest(options.cluster, { method, route, body: parsed, contentType, user });
    return reply(result.status, result.body);
  } catch (error) {
    if (error instanceof KubeError) return reply(error.status.code, error.status);
    throw error;
  }
}

/** Starts the HTTPS Kubernetes API server of one emulated cluster on a free 127.0.0.1 port. */
export async function startKubeApi(options: KubeApiOptions): Promise<KubeApiServer> {
  const server: Server = createServer({ cert: options.certificate.certPem, key: options.certificate.keyPem }, (request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      options.log?.(`kube-api ${options.cluster.name}: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: String(error), code: 500 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
