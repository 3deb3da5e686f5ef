import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { UsageError } from '../errors.js';

export interface HttpSettings {
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Builds the SDK's HTTP handler for one endpoint the way the AWS CLI treats the network:
 * `HTTPS_PROXY`/`HTTP_PROXY` unless `NO_PROXY` names the host, and `AWS_CA_BUNDLE` as
 * the trusted certificate authorities.
 */
export function createHttpHandler(settings: HttpSettings, endpoint: string | undefined): NodeHttpHandler {
  const ca = readCaBundle(settings.env.AWS_CA_BUNDLE);
  const host = endpoint ? parseEndpoint(endpoint).hostname : undefined;
  const secure = endpoint ? endpoint.startsWith('https:') : true;
  const proxy = secure
    ? settings.env.HTTPS_PROXY || settings.env.https_proxy
    : settings.env.HTTP_PROXY || settings.env.http_proxy;
  const noProxy = settings.env.NO_PROXY || settings.env.no_proxy || '';

  if (proxy && !(host !== undefined && bypassesProxy(host, noProxy))) {
    const agent = new HttpsProxyAgent(proxy, { ca, keepAlive: true });
    return new NodeHttpHandler({ httpsAgent: agent, httpAgent: agent });
  }
  return new NodeHttpHandler({
    httpsAgent: new HttpsAgent({ ca, keepAlive: true }),
    httpAgent: new HttpAgent({ keepAlive: true }),
  });
}

export function readCaBundle(path: string | undefined): Buffer | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError('InvalidCaBundle', `Cannot read AWS_CA_BUNDLE file ${path}: ${(error as Error).message}`, {
      hint: 'Point AWS_CA_BUNDLE at a readable PEM file, or unset it.',
    });
  }
}

/** Parses an endpoint override; a value that is no http(s) URL is a usage error naming where it comes from. */
export function parseEndpoint(endpoint: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError('InvalidEndpointUrl', `Invalid endpoint URL "${endpoint}".`, {
      hint: 'Use http(s)://HOST[:PORT] in --endpoint-url, AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_<SERVICE>.',
    });
  }
  return url;
}

/** True when `NO_PROXY` (comma-separated hosts, `.suffix` or `*`) names the host. */
export function bypassesProxy(host: string, noProxy: string): boolean {
  return noProxy
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const bare = entry.replace(/^\*?\./, '').replace(/:\d+$/, '');
      return host === bare || host.endsWith(`.${bare}`);
    });
}
