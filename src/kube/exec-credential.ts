import { UsageError } from '../errors.js';

export const EXEC_API_V1 = 'client.authentication.k8s.io/v1';
export const EXEC_API_V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const SUPPORTED_API_VERSIONS = [EXEC_API_V1, EXEC_API_V1BETA1];

/**
 * Returns the ExecCredential apiVersion to answer with: the one kubectl announces in
 * `KUBERNETES_EXEC_INFO`, or v1beta1 when the variable is unset. kubectl rejects an answer
 * in any other version, so an unsupported request (v1alpha1, removed in kubectl 1.24) is
 * reported with the fix instead.
 */
export function execCredentialApiVersion(execInfo: string | undefined): string {
  if (!execInfo?.trim()) return EXEC_API_V1BETA1;

  let requested: unknown;
  try {
    requested = (JSON.parse(execInfo) as { apiVersion?: unknown }).apiVersion;
  } catch {
    throw new UsageError('InvalidExecInfo', 'KUBERNETES_EXEC_INFO is not valid JSON.', {
      hint: 'Unset KUBERNETES_EXEC_INFO when running eks-recover token by hand; kubectl sets it itself.',
    });
  }
  if (requested === undefined) return EXEC_API_V1BETA1;
  if (typeof requested === 'string' && SUPPORTED_API_VERSIONS.includes(requested)) return requested;
  throw new UsageError('UnsupportedExecApiVersion', `The kubeconfig asks for exec credential apiVersion "${String(requested)}".`, {
    hint: `Set apiVersion: ${EXEC_API_V1BETA1} in the kubeconfig user's exec section, or write a new entry with "eks-recover kubeconfig".`,
  });
}

/** Renders the ExecCredential that kubectl reads from an exec plugin's stdout. */
export function formatExecCredential(apiVersion: string, token: string, expiresAt: Date): string {
  const credential = {
    kind: 'ExecCredential',
    apiVersion,
    spec: {},
    status: { expirationTimestamp: formatRfc3339(expiresAt), token },
  };
  return `${JSON.stringify(credential)}\n`;
}

/** RFC 3339 in UTC without fractional seconds, as Kubernetes writes timestamps. */
function formatRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
