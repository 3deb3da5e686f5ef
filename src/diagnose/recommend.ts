import { decidePath, normalizeMode } from '../steps/choose-path.js';
import type { ClusterInfo } from '../steps/context.js';
import { type CreatorSearch, describeSources, proposedCreatorRole } from '../steps/find-creator.js';
import type { CallerDiagnosis, ClusterDiagnosis, Recommendation } from './types.js';

export interface RecommendInput {
  readonly cluster: ClusterInfo;
  readonly caller: CallerDiagnosis;
  readonly hasAccess: boolean;
  readonly accessEntry: ClusterDiagnosis['accessEntry'];
  readonly creator: CreatorSearch;
  /** The profile in effect, repeated in the command so that it runs as the same identity. */
  readonly profile?: string;
}

/** Recommends the recovery path with the same decision table as the wizard, and the command that takes it. */
export function recommendPath(input: RecommendInput): Recommendation {
  const { cluster, caller, hasAccess, accessEntry } = input;
  if (hasAccess) return { method: 'none', reason: 'you have access already' };

  const profile = input.profile ? ` --profile ${input.profile}` : '';
  const base = `eks-recover recover${profile} --cluster ${cluster.name} --region ${cluster.arn.split(':')[3]}`;
  let decision;
  try {
    decision = decidePath({
      clusterName: cluster.name,
      authenticationMode: cluster.authenticationMode,
      method: 'auto',
      enableAccessEntries: false,
      ...(caller.accessEntryArn ? { principalArn: caller.accessEntryArn } : {}),
      ...(caller.accessEntryProblem ? { principalProblem: caller.accessEntryProblem } : {}),
      ...(accessEntry?.exists && accessEntry.type ? { existingEntry: { principalArn: caller.accessEntryArn ?? caller.arn, type: accessEntry.type, kubernetesGroups: [] } } : {}),
    });
  } catch (error) {
    return { method: 'none', reason: (error as Error).message };
  }

  if (decision.method === 'access-entry') return { method: 'access-entry', reason: decision.reason, command: base };
  const creator = proposedCreatorRole(input.creator);
  const command = creator ? `${base} --creator-role-arn ${creator.arn}` : base;
  const reason = creator ? `${decision.reason}; the creator role was found from ${describeSources(creator.sources)}` : `${decision.reason}; no creator role was found, so the wizard proposes the StackSet execution role`;
  const alternative = normalizeMode(cluster.authenticationMode) === 'CONFIG_MAP'
    ? `${base} --enable-access-entries --confirm-cluster ${cluster.name} (moves the cluster to API_AND_CONFIG_MAP, which cannot be undone)`
    : undefined;
  return { method: 'aws-auth', reason, command, ...(alternative ? { alternative } : {}) };
}
