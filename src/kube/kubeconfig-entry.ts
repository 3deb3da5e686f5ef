import { parseArn } from '../aws/arn.js';
import { UsageError } from '../errors.js';
import { EXEC_API_V1BETA1 } from './exec-credential.js';
import type { ExecSpec, KubeconfigEntry } from './kubeconfig.js';

export const EXEC_MODES = ['eks-recover', 'aws'] as const;
export type ExecMode = (typeof EXEC_MODES)[number];

export interface KubeconfigEntryOptions {
  readonly clusterName: string;
  readonly region: string;
  /** Account that owns the cluster, from its ARN; it may differ from the caller's. */
  readonly clusterAccountId: string;
  /** The identity kubectl will act as: the caller's ARN, or the role of `--role-arn`. */
  readonly principalArn: string;
  readonly endpoint: string;
  readonly certificateAuthorityData: string;
  /** The program kubectl runs for a token: `eks-recover token` or `aws eks get-token`. */
  readonly exec: ExecMode;
  /** Set as AWS_PROFILE in the exec environment, so the token uses the same credentials. */
  readonly profile?: string;
  readonly roleArn?: string;
  readonly namespace?: string;
  /** Overrides the generated name of the cluster, user and context. */
  readonly name?: string;
  readonly temporary?: boolean;
}

/**
 * Returns the name shared by the cluster, user and context: the identity, then the cluster,
 * region and account, as in `alice@demo.eu-west-1.111122223333` or
 * `role/Admin@demo.eu-west-1.111122223333`, so that two identities never share an entry.
 */
export function kubeconfigEntryName(options: Pick<KubeconfigEntryOptions, 'clusterName' | 'region' | 'clusterAccountId' | 'principalArn'>): string {
  const principal = parseArn(options.principalArn);
  return `${identityLabel(principal)}@${options.clusterName}.${options.region}.${options.clusterAccountId}`;
}

/** Names the principal for an entry name: `root`, a user's name, or `role/NAME` / `federated/NAME`. */
function identityLabel(principal: ReturnType<typeof parseArn>): string {
  if (principal.kind === 'root') return 'root';
  if (principal.kind === 'user') return principal.name;
  const prefix = principal.kind === 'federated-user' ? 'federated' : 'role';
  return `${prefix}/${principal.name}`;
}

/** Builds the exec section that runs `eks-recover token` or `aws eks get-token` for the cluster. */
export function buildExecSpec(options: Pick<KubeconfigEntryOptions, 'clusterName' | 'region' | 'exec' | 'profile' | 'roleArn'>): ExecSpec {
  const role = options.roleArn ? ['--role-arn', options.roleArn] : [];
  const env = options.profile ? [{ name: 'AWS_PROFILE', value: options.profile }] : [];
  if (options.exec === 'aws') {
    const args = ['eks', 'get-token', '--cluster-name', options.clusterName, '--region', options.region, ...role, '--output', 'json'];
    return { apiVersion: EXEC_API_V1BETA1, command: 'aws', args, env };
  }
  if (options.exec !== 'eks-recover') {
    throw new UsageError('InvalidExec', `Invalid --exec value "${String(options.exec)}".`, { hint: 'Use --exec eks-recover or --exec aws.' });
  }
  const args = ['token', '--cluster', options.clusterName, '--region', options.region, ...role];
  return { apiVersion: EXEC_API_V1BETA1, command: 'eks-recover', args, env };
}

export function buildKubeconfigEntry(options: KubeconfigEntryOptions): KubeconfigEntry {
  return {
    name: options.name ?? kubeconfigEntryName(options),
    server: options.endpoint,
    certificateAuthorityData: options.certificateAuthorityData,
    exec: buildExecSpec(options),
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.temporary ? { temporary: true } : {}),
  };
}
