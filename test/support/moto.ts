import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './environment.js';

/** A moto server of its own for one test file (its reset and auth switch are global to the server). */
export interface MotoServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** `POST /moto-api/reset`: forget every resource. */
  reset(): Promise<void>;
  /** `POST /moto-api/reset-auth`: check signatures and IAM policies from now on (moto counts the body as a number of requests to skip). */
  enableIamAuthorization(): Promise<void>;
  /** `GET /moto-api/data.json`: moto's whole state, which lists access keys and their secrets. */
  data(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function pythonForMoto(): string {
  const local = join(REPO_ROOT, '.venv', 'bin', 'python3');
  return existsSync(local) ? local : 'python3';
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(pythonForMoto(), ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(
        new Error(
          `moto exited with code ${code} before it was ready; install it with 'pip install "moto[server]>=5.2,<6"'\n${stderr}`,
        ),
      ),
    ),
  );
  await Promise.race([waitUntilReady(url), exited]);

  const post = async (path: string, body?: string) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', body });
    if (!response.ok) throw new Error(`moto ${path} failed: HTTP ${response.status}`);
  };
  return {
    url,
    port,
    process: child,
    reset: () => post('/moto-api/reset'),
    enableIamAuthorization: () => post('/moto-api/reset-auth', '0'),
    data: async () => (await (await fetch(`${url}/moto-api/data.json`)).json()) as Record<string, unknown>,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto did not answer on ${url} within 30 s`);
}
