import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '../emulator/emulator.js';
import { createServerCertificate } from '../emulator/tls.js';
import type { AwsCredentials } from '../emulator/moto-identity.js';
import { type MotoServer, startMoto } from '../support/moto.js';
import { type ScenarioOptions, seedScenario } from './scenario.js';

export type { ScenarioOptions } from './scenario.js';
export type { Emulator } from '../emulator/emulator.js';

/** The AWS services eks-recover calls; each gets an `AWS_ENDPOINT_URL_<SERVICE>` pointing at the emulator. */
export const SANDBOX_SERVICES = ['STS', 'IAM', 'EKS', 'CLOUDTRAIL', 'CLOUDFORMATION', 'EC2'] as const;

export interface Sandbox {
  /** Environment for a client: config files, endpoints, region, no instance metadata, and HOME set to `dir`. */
  readonly env: Record<string, string>;
  /** Temporary folder holding HOME, the AWS config files and the CA file; `stop()` removes it. */
  readonly dir: string;
  readonly region: string;
  readonly clusterName: string;
  /** Name of the caller's profile in the sandbox's AWS config and credentials files. */
  readonly profile: string;
  readonly callerArn: string;
  readonly accountId: string;
  readonly clusterAccountId: string;
  readonly creatorRoleArn: string;
  readonly nodeRoleArn: string;
  /** PEM file of the CA that signed the Kubernetes API servers' certificate. */
  readonly caFile: string;
  /** URL of the cluster's Kubernetes API server. */
  readonly kubeApiUrl: string;
  readonly moto: MotoServer;
  readonly emulator: Emulator;
  stop(): Promise<void>;
}

export const SANDBOX_PROFILE = 'alice';

async function writeAwsFiles(dir: string, region: string, credentials: AwsCredentials): Promise<{ config: string; shared: string }> {
  const awsDir = join(dir, '.aws');
  await mkdir(awsDir, { recursive: true, mode: 0o700 });
  const config = join(awsDir, 'config');
  const shared = join(awsDir, 'credentials');
  await writeFile(config, `[profile ${SANDBOX_PROFILE}]\nregion = ${region}\noutput = json\n`, { mode: 0o600 });
  const lines = [
    `[${SANDBOX_PROFILE}]`,
    `aws_access_key_id = ${credentials.accessKeyId}`,
    `aws_secret_access_key = ${credentials.secretAccessKey}`,
    ...(credentials.sessionToken ? [`aws_session_token = ${credentials.sessionToken}`] : []),
  ];
  await writeFile(shared, `${lines.join('\n')}\n`, { mode: 0o600 });
  return { config, shared };
}

/** Starts moto and the EKS emulator, and seeds the scenario. Call `stop()` when done. */
export async function startSandbox(options: ScenarioOptions = {}): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'eks-recover-sandbox-'));
  let moto: MotoServer | undefined;
  let emulator: Emulator | undefined;
  const stop = async () => {
    await emulator?.stop();
    await moto?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [startedMoto, certificate] = await Promise.all([startMoto(), createServerCertificate(dir)]);
    moto = startedMoto;
    emulator = await startEmulator({ motoUrl: moto.url, dir, certificate });
    const facts = await seedScenario(moto.url, emulator, options);
    const files = await writeAwsFiles(dir, facts.region, facts.callerCredentials);
    emulator.clearRequests();
    if (options.iamAuthorization) await moto.enableIamAuthorization();
    const endpoints = Object.fromEntries(SANDBOX_SERVICES.map((service) => [`AWS_ENDPOINT_URL_${service}`, emulator!.awsUrl]));
    const { callerCredentials: _, ...publicFacts } = facts;
    return {
      ...publicFacts,
      env: {
        HOME: dir,
        AWS_CONFIG_FILE: files.config,
        AWS_SHARED_CREDENTIALS_FILE: files.shared,
        ...endpoints,
        AWS_REGION: facts.region,
        AWS_DEFAULT_REGION: facts.region,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      dir,
      profile: SANDBOX_PROFILE,
      caFile: emulator.caFile,
      kubeApiUrl: emulator.cluster(facts.clusterName).endpoint,
      moto,
      emulator,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
