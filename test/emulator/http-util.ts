import type { IncomingMessage, ServerResponse } from 'node:http';

/** One served request, as `emulator.requests` lists it. */
export interface RequestRecord {
  readonly service: string;
  readonly action: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The caller's ARN when the emulator resolved it (EKS, CloudTrail and Kubernetes requests). */
  readonly principalArn?: string;
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {};
  return JSON.parse(body.toString('utf8'));
}
