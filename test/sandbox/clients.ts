import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { parse } from 'ini';
import type { AwsCredentials } from '../emulator/moto-identity.js';
import type { Sandbox } from './index.js';

/** Reads the caller's credentials back from the sandbox's shared credentials file. */
export function callerCredentials(sandbox: Sandbox): AwsCredentials {
  const file = parse(readFileSync(sandbox.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')) as Record<string, Record<string, string>>;
  const section = file[sandbox.profile]!;
  return {
    accessKeyId: section.aws_access_key_id!,
    secretAccessKey: section.aws_secret_access_key!,
    ...(section.aws_session_token ? { sessionToken: section.aws_session_token } : {}),
  };
}

/** Assumes `roleArn` through the emulator's STS endpoint and returns the session credentials. */
export async function assumeRole(sandbox: Sandbox, roleArn: string, credentials: AwsCredentials, sessionName = 'sandbox-test'): Promise<AwsCredentials> {
  const sts = new STSClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials });
  const result = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
  sts.destroy();
  const issued = result.Credentials!;
  return { accessKeyId: issued.AccessKeyId!, secretAccessKey: issued.SecretAccessKey!, sessionToken: issued.SessionToken! };
}

export interface KubeReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Sends one request to the sandbox cluster's Kubernetes API, trusting only the sandbox CA. */
export function kubeRequest(
  sandbox: Sandbox,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<KubeReply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${sandbox.kubeApiUrl}${path}`,
      {
        method,
        ca: readFileSync(sandbox.caFile),
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}
