import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { recover } from '../recover/helpers.js';

/** A CONNECT proxy on loopback that records the targets it tunnels to. */
async function startConnectProxy(): Promise<{ server: Server; url: string; targets: string[] }> {
  const targets: string[] = [];
  const server = createServer();
  server.on('connect', (request, client, head) => {
    targets.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, targets };
}

describe('AWS calls through a proxy', () => {
  let sandbox: Sandbox;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    proxy = await startConnectProxy();
  });
  afterAll(async () => {
    proxy?.server.close();
    await sandbox?.stop();
  });

  it('tunnels every AWS call through HTTP_PROXY', async () => {
    const result = await recover(sandbox, ['--dry-run'], { HTTP_PROXY: proxy.url });
    expect(result.code).toBe(0);
    const awsHost = new URL(sandbox.emulator.awsUrl).host;
    expect(proxy.targets.length).toBeGreaterThan(0);
    expect(new Set(proxy.targets)).toEqual(new Set([awsHost]));
  });

  it('goes direct for a host in NO_PROXY', async () => {
    proxy.targets.length = 0;
    const result = await recover(sandbox, ['--dry-run'], { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    expect(result.code).toBe(0);
    expect(proxy.targets).toEqual([]);
  });
});
