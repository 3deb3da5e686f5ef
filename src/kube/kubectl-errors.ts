/**
 * Kinds of kubectl failure that call for different actions: a client configuration problem
 * (fix the kubeconfig or the AWS CLI, never IAM), an identity the cluster does not map, and an
 * identity that is mapped but not allowed (RBAC).
 */
export type KubectlFailure = 'CLIENT_CONFIG' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'UNKNOWN';

const CLIENT_CONFIG_PATTERNS = [
  /exec plugin: invalid apiVersion/i,
  /exec plugin is configured to use API version .* plugin returned version/i,
  /getting credentials: exec: executable .* not found/i,
  /exec plugin: .*(not found|failed|exit status)/i,
];

/** Classifies kubectl's stderr, so that a broken kubeconfig is never taken for missing access. */
export function classifyKubectlError(stderr: string): KubectlFailure {
  if (CLIENT_CONFIG_PATTERNS.some((pattern) => pattern.test(stderr))) return 'CLIENT_CONFIG';
  if (/\(Unauthorized\)|You must be logged in to the server/i.test(stderr)) return 'UNAUTHENTICATED';
  if (/\(Forbidden\)|is forbidden: User /i.test(stderr)) return 'FORBIDDEN';
  return 'UNKNOWN';
}

/** Returns what to do next for each kind of failure. */
export function kubectlFailureAdvice(failure: KubectlFailure): string {
  switch (failure) {
    case 'CLIENT_CONFIG':
      return 'kubectl could not get a token: update the AWS CLI, or write a new entry with "eks-recover kubeconfig" (exec apiVersion client.authentication.k8s.io/v1beta1). No IAM or aws-auth change helps here.';
    case 'UNAUTHENTICATED':
      return 'The cluster does not map this identity: add it to aws-auth or create an access entry for it.';
    case 'FORBIDDEN':
      return 'Authenticated, but RBAC denies the request: the identity is mapped, and its groups lack the permission.';
    default:
      return 'Run the kubectl command with -v=6 to see the failing request.';
  }
}
