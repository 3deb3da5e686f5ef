import { type IncomingMessage, type Server, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveAwsCaller } from './aws-caller.js';
import { AwsError, expiredTokenError, queryErrorXml } from './aws-errors.js';
import { lookupEvents } from './cloudtrail.js';
import { eksOperation, serveEks } from './eks-api.js';
import type { FailEffect, Hooks } from './hooks.js';
import { type RequestRecord, parseJson, readBody, sendJson } from './http-util.js';
import type { MotoIdentity } from './moto-identity.js';
import { parseAuthorization, parseCredential } from './sigv4.js';
import type { EmulatorState } from './state.js';

export interface AwsProxyOptions {
  readonly motoUrl: string;
  readonly moto: MotoIdentity;
  readonly state: EmulatorState;
  readonly hooks: Hooks;
  readonly record: (entry: RequestRecord) => void;
  /** Serves `/_emulator/...` requests. */
  readonly control: (request: IncomingMessage, response: ServerResponse, body: Buffer) => Promise<void>;
  readonly log?: (line: string) => void;
}

const CLOUDTRAIL_TARGET = 'CloudTrail_20131101.';

interface Classified {
  readonly service: string;
  readonly action: string;
  readonly path: string;
  readonly segments: string[];
}

/** Names the service (SigV4 scope) and operation of an AWS request. */
function classify(request: IncomingMessage, body: Buffer): Classified {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const target = String(request.headers['x-amz-target'] ?? '');
  const scope =
    parseAuthorization(request.headers.authorization)?.scope ?? parseCredential(url.searchParams.get('X-Amz-Credential') ?? '');
  const base = { path: url.pathname, segments };
  if (target.startsWith(CLOUDTRAIL_TARGET)) return { ...base, service: 'cloudtrail', action: target.slice(CLOUDTRAIL_TARGET.length) };
  const service = scope?.service ?? 'unknown';
  if (service === 'eks') return { ...base, service, action: eksOperation(request.method ?? 'GET', segments).operation };
  const form = new URLSearchParams(String(request.headers['content-type']).includes('x-www-form-urlencoded') ? body.toString('utf8') : '');
  const action = form.get('Action') ?? url.searchParams.get('Action') ?? String(target.split('.').pop() ?? '');
  return { ...base, service, action };
}

function sendAwsError(response: ServerResponse, service: string, error: AwsError): void {
  if (service === 'cloudtrail') {
    sendJson(response, error.status, { __type: error.code, Message: error.message }, { 'content-type': 'application/x-amz-json-1.1' });
  } else if (service === 'eks') {
    sendJson(response, error.status, { message: error.message, ...error.extra }, { 'x-amzn-errortype': error.code });
  } else {
    const xml = queryErrorXml(error.code.replace(/Exception$/, ''), error.message);
    response.writeHead(error.status, { 'content-type': 'text/xml' }).end(xml);
  }
}

function sendEffect(response: ServerResponse, service: string, effect: Exclude<FailEffect, { delayMs: number }>): number {
  if ('reset' in effect) {
    response.socket?.destroy();
    return 0;
  }
  if ('expiredToken' in effect) {
    const error = expiredTokenError();
    sendAwsError(response, service, service === 'eks' || service === 'cloudtrail' ? error : new AwsError(400, 'ExpiredToken', error.message));
    return service === 'eks' || service === 'cloudtrail' ? 403 : 400;
  }
  if (effect.body === undefined && effect.status >= 400) {
    sendAwsError(response, service, faultError(effect.status));
    return effect.status;
  }
  const text = typeof effect.body === 'string' ? effect.body : JSON.stringify(effect.body ?? {});
  response.writeHead(effect.status, { 'content-length': Buffer.byteLength(text) }).end(text);
  return effect.status;
}

/** The error AWS sends with an injected status that has no body of its own: throttling for 429, a server fault for 5xx. */
function faultError(status: number): AwsError {
  if (status === 429) return new AwsError(status, 'ThrottlingException', 'Rate exceeded');
  if (status >= 500) return new AwsError(status, 'ServiceUnavailableException', 'Service is unavailable, try again later');
  return new AwsError(status, 'BadRequestException', `Injected HTTP ${status}`);
}

function forward(options: AwsProxyOptions, request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<number> {
  const target = new URL(options.motoUrl);
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (motoResponse) => {
        // A client that went away (a killed CLI) still had its request served: record it.
        if (response.destroyed || request.socket.destroyed) {
          motoResponse.resume();
          return resolve(motoResponse.statusCode ?? 502);
        }
        response.writeHead(motoResponse.statusCode ?? 502, motoResponse.headers);
        motoResponse.pipe(response);
        motoResponse.on('end', () => resolve(motoResponse.statusCode ?? 502));
      },
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}

async function serveOwn(options: AwsProxyOptions, request: IncomingMessage, body: Buffer, classified: Classified) {
  const caller = await resolveAwsCaller(request, body, options.moto);
  const parsed = parseJson(body) as Record<string, unknown>;
  const region = caller.scope.region;
  if (classified.service === 'cloudtrail') {
    if (classified.action !== 'LookupEvents') throw new AwsError(400, 'UnknownOperationException', `${classified.action} is not implemented by the emulator`);
    return { caller, result: lookupEvents(options.state.events, caller.identity, region, parsed) };
  }
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const eksRequest = { method: request.method ?? 'GET', segments: classified.segments, query: url.searchParams, body: parsed, caller: caller.identity, region };
  return { caller, result: await serveEks(options.state, eksRequest) };
}

async function handle(options: AwsProxyOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  if ((request.url ?? '').startsWith('/_emulator/')) return options.control(request, response, body);
  const classified = classify(request, body);
  const { service, action, path } = classified;
  const method = request.method ?? 'GET';
  let principalArn: string | undefined;
  const record = (status: number) => options.record({ service, action, method, path, status, ...(principalArn ? { principalArn } : {}) });

  const effect = await options.hooks.intercept({ service, action, method, path });
  if (effect && !('delayMs' in effect)) return record(sendEffect(response, service, effect));
  if (service !== 'eks' && service !== 'cloudtrail') return record(await forward(options, request, response, body));
  try {
    const { caller, result } = await serveOwn(options, request, body, classified);
    principalArn = caller.identity.arn;
    const contentType = service === 'cloudtrail' ? 'application/x-amz-json-1.1' : 'application/json';
    sendJson(response, 200, result, { 'content-type': contentType });
    record(200);
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    sendAwsError(response, service, error);
    record(error.status);
  }
}

/** Starts the plain-HTTP AWS endpoint on a free 127.0.0.1 port. */
export async function startAwsProxy(options: AwsProxyOptions): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    handle(options, request, response).catch((error: unknown) => {
      options.log?.(`aws endpoint: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { message: String(error) }, { 'x-amzn-errortype': 'ServerException' });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
