import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The caller of a request as STS reports it, plus the ARN that EKS maps. */
export interface CallerIdentity {
  readonly arn: string;
  readonly account: string;
  readonly userId: string;
  readonly accessKeyId: string;
  /** `assumed-role/NAME/SESSION` becomes `role/NAME` without a path; other ARNs stay as they are. */
  readonly canonicalArn: string;
  readonly sessionName?: string;
}

interface MotoAccessKey {
  access_key_id: string;
  secret_access_key: string;
  status?: string;
  session_token?: string;
}

/** Rewrites an STS assumed-role ARN to the IAM role ARN that aws-auth and access entries name. */
export function canonicalizeArn(arn: string): string {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : arn;
}

function xmlField(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/**
 * Looks up signing secrets and identities in moto: secrets from `/moto-api/data.json` (the
 * only place moto lists them), identities from a signed STS GetCallerIdentity, because moto
 * routes an unsigned presigned GET to its S3 handler.
 */
export class MotoIdentity {
  constructor(private readonly motoUrl: string) {}

  async findCredentials(accessKeyId: string): Promise<AwsCredentials | undefined> {
    const response = await fetch(`${this.motoUrl}/moto-api/data.json`);
    if (!response.ok) throw new Error(`moto data.json failed: HTTP ${response.status}`);
    const data = (await response.json()) as {
      iam?: { AccessKey?: MotoAccessKey[] };
      sts?: { AssumedRole?: MotoAccessKey[] };
    };
    // moto lists session keys under IAM too, without their session token, so sessions come first.
    const session = data.sts?.AssumedRole?.find((key) => key.access_key_id === accessKeyId);
    if (session) return { accessKeyId, secretAccessKey: session.secret_access_key, sessionToken: session.session_token };
    const userKey = data.iam?.AccessKey?.find((key) => key.access_key_id === accessKeyId && key.status !== 'Inactive');
    if (userKey) return { accessKeyId, secretAccessKey: userKey.secret_access_key };
    return undefined;
  }

  async getCallerIdentity(credentials: AwsCredentials, region = 'us-east-1'): Promise<CallerIdentity> {
    const url = new URL(this.motoUrl);
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const signer = new SignatureV4({ credentials, region, service: 'sts', sha256: Sha256 });
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    const response = await fetch(`${this.motoUrl}/`, { method: 'POST', headers: signed.headers, body });
    const xml = await response.text();
    const arn = xmlField(xml, 'Arn');
    const account = xmlField(xml, 'Account');
    if (!response.ok || !arn || !account) {
      throw new Error(`moto GetCallerIdentity failed: HTTP ${response.status} ${xmlField(xml, 'Code') ?? ''}`.trim());
    }
    const sessionName = /:assumed-role\/[^/]+\/(.+)$/.exec(arn)?.[1];
    return {
      arn,
      account,
      userId: xmlField(xml, 'UserId') ?? '',
      accessKeyId: credentials.accessKeyId,
      canonicalArn: canonicalizeArn(arn),
      ...(sessionName ? { sessionName } : {}),
    };
  }

  /** Resolves the caller behind an access key, or undefined when moto does not know the key. */
  async identify(accessKeyId: string, sessionToken: string | undefined): Promise<CallerIdentity | undefined> {
    const credentials = await this.findCredentials(accessKeyId);
    if (!credentials) return undefined;
    if (credentials.sessionToken !== undefined && credentials.sessionToken !== sessionToken) return undefined;
    return this.getCallerIdentity(credentials);
  }
}
