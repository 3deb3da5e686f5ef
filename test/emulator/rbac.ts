import type { AccessPolicyAssociation } from './cluster.js';
import type { KubeUser } from './identity-mapper.js';

/** What a request wants to do, in the terms of Kubernetes authorization. */
export interface ResourceAttributes {
  readonly verb: string;
  readonly resource: string;
  readonly group?: string;
  readonly namespace?: string;
  readonly name?: string;
}

const POLICY_PREFIX = 'arn:aws:eks::aws:cluster-access-policy/';
const READ_VERBS = new Set(['get', 'list', 'watch']);
/** Requests every authenticated user may make (the `system:basic-user` role). */
const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectreviews', 'selfsubjectrulesreviews']);

function inScope(association: AccessPolicyAssociation, namespace: string | undefined): boolean {
  if (association.accessScope.type === 'cluster') return true;
  return namespace !== undefined && (association.accessScope.namespaces ?? []).includes(namespace);
}

function policyAllows(association: AccessPolicyAssociation, attributes: ResourceAttributes): boolean {
  const policy = association.policyArn.slice(POLICY_PREFIX.length);
  if (!inScope(association, attributes.namespace)) return false;
  const namespaced = attributes.namespace !== undefined;
  switch (policy) {
    case 'AmazonEKSClusterAdminPolicy':
      return true;
    case 'AmazonEKSAdminPolicy':
    case 'AmazonEKSEditPolicy':
      return namespaced || READ_VERBS.has(attributes.verb);
    case 'AmazonEKSViewPolicy':
      return READ_VERBS.has(attributes.verb) && attributes.resource !== 'secrets';
    default:
      return false;
  }
}

/**
 * Decides a request the way the emulated cluster's RBAC would: `system:masters` and the
 * cluster admin access policy allow everything, the other EKS access policies allow what
 * their names say, and a user mapped only to custom groups is allowed nothing but the self reviews,
 * because the emulator holds no RoleBindings.
 */
export function isAllowed(user: KubeUser, attributes: ResourceAttributes): boolean {
  if (user.groups.includes('system:masters')) return true;
  if (attributes.verb === 'create' && SELF_REVIEWS.has(attributes.resource)) return true;
  return user.accessPolicies.some((association) => policyAllows(association, attributes));
}
