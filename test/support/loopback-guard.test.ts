import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { guardPreloadEnv } from './environment.js';

const run = promisify(execFile);

describe('loopback guard', () => {
  it('blocks a non-loopback host in the test process', () => {
    expect(() => net.connect({ host: '192.0.2.1', port: 443 })).toThrow(/loopback guard: blocked a connection to 192\.0\.2\.1:443/);
  });

  it('blocks the default AWS endpoint in a spawned process', async () => {
    const script = "require('node:https').get('https://sts.amazonaws.com/').on('error', () => process.exit(3))";
    const result = await run(process.execPath, ['-e', script], { env: { ...process.env, ...guardPreloadEnv() } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in result ? result.code : 0).not.toBe(0);
    expect(result.stderr).toMatch(/blocked a connection to sts\.amazonaws\.com:443/);
  });

  it('allows 127.0.0.1', async () => {
    const server = net.createServer((socket) => socket.end('hi'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let data = '';
      socket.on('data', (chunk) => (data += String(chunk)));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    server.close();
    expect(text).toBe('hi');
  });
});
