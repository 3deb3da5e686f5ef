import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeAccessEntryCommand, paginateListAccessEntries } from '@aws-sdk/client-eks';
import type { AwsClients } from '../aws/clients.js';
import { awsAuthPrincipalArn, parseArn, sameArn } from '../aws/arn.js';
import { awsErrorName } from '../aws/errors.js';
import { normalizeMode } from './choose-path.js';
import type { Output } from '../ui/output.js';
import type { ClusterInfo, RunContext } from './context.js';

export const STACKSET_EXECUTION_ROLE = 'AWSCloudFormationStackSetExecutionRole';
const STACK_NAME_TAG = 'aws:cloudformation:stack-name';
const STACK_ID_TAG = 'aws:cloudformation:stack-id';
/** CloudTrail LookupEvents reaches back 90 days. */
const LOOKBACK_DAYS = 90;
/** LookupEvents accepts 2 requests per second per account and region. */
const PAGE_INTERVAL_MS = 550;
/** An access entry created this close to the cluster is the creator's bootstrap entry. */
const BOOTSTRAP_WINDOW_MS = 15 * 60_000;

export type CreatorSource = 'stackset-tags' | 'stack-role' | 'cloudtrail' | 'access-entry';

export interface CreatorCandidate {
  readonly arn: string;
  readonly kind: 'role' | 'user' | 'root';
  readonly source: CreatorSource;
  /** The finding, in words the user can check. */
  readonly evidence: string;
}

export interface CreatorSearch {
  readonly candidates: readonly CreatorCandidate[];
  /** Sources that could not be read, with the reason. */
  readonly notes: readonly string[];
}

export interface FindCreatorOptions {
  readonly now?: Date;
  readonly maxPages?: number;
  readonly pageIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Looks for the principal that created the cluster, most reliable source first. The
 * CloudFormation tags come first: a StackSet points at its execution role, a stack at its
 * service role. Then CloudTrail CreateCluster events of the last 90 days, and in API modes the
 * access entry EKS made for the creator. Read-only: a source that cannot be read becomes a note.
 */
export async function findCreator(clients: AwsClients, cluster: ClusterInfo, options: FindCreatorOptions = {}): Promise<CreatorSearch> {
  const candidates: CreatorCandidate[] = [];
  const notes: string[] = [];
  const collect = async (source: string, search: () => Promise<CreatorCandidate[]>) => {
    try {
      for (const candidate of await search()) {
        if (!candidates.some((known) => sameArn(known.arn, candidate.arn) && known.source === candidate.source)) candidates.push(candidate);
      }
    } catch (error) {
      notes.push(`${source} could not be read: ${awsErrorName(error) ?? (error as Error).message}`);
    }
  };

  await collect('The CloudFormation stack', () => fromStackTags(clients, cluster, notes));
  await collect('CloudTrail', () => fromCloudTrail(clients, cluster, options, notes));
  if (normalizeMode(cluster.authenticationMode) !== 'CONFIG_MAP') {
    await collect('The access entries', () => fromAccessEntries(clients, cluster));
  }
  return { candidates, notes };
}

/** One principal with every source that named it, in the order the sources were searched. */
export interface CreatorMatch {
  readonly arn: string;
  readonly kind: CreatorCandidate['kind'];
  readonly sources: readonly CreatorSource[];
  readonly evidence: readonly string[];
}

const SOURCE_LABELS: Record<CreatorSource, string> = {
  'stackset-tags': 'tags',
  'stack-role': 'stack service role',
  cloudtrail: 'CloudTrail',
  'access-entry': 'bootstrap access entry',
};

/** Merges the candidates that name the same principal, so each principal is shown once. */
export function mergeCandidates(candidates: readonly CreatorCandidate[]): CreatorMatch[] {
  const matches: Array<{ arn: string; kind: CreatorCandidate['kind']; sources: CreatorSource[]; evidence: string[] }> = [];
  for (const candidate of candidates) {
    const known = matches.find((match) => sameArn(match.arn, candidate.arn));
    if (!known) {
      matches.push({ arn: candidate.arn, kind: candidate.kind, sources: [candidate.source], evidence: [candidate.evidence] });
      continue;
    }
    if (!known.sources.includes(candidate.source)) known.sources.push(candidate.source);
    known.evidence.push(candidate.evidence);
  }
  return matches;
}

/** Names the sources of a match for a sentence, such as "tags and CloudTrail". */
export function describeSources(sources: readonly CreatorSource[]): string {
  const labels = [...new Set(sources.map((source) => SOURCE_LABELS[source]))];
  if (labels.length <= 1) return labels[0] ?? 'no source';
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** Returns the first role among the candidates, with every source that named it. The wizard proposes it as the creator role. */
export function proposedCreatorRole(search: CreatorSearch): CreatorMatch | undefined {
  return mergeCandidates(search.candidates).find((match) => match.kind === 'role');
}

export function stackSetExecutionRoleArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:role/${STACKSET_EXECUTION_ROLE}`;
}

async function fromStackTags(clients: AwsClients, cluster: ClusterInfo, notes: string[]): Promise<CreatorCandidate[]> {
  const stackName = cluster.tags[STACK_NAME_TAG];
  if (!stackName) return [];
  const stackId = cluster.tags[STACK_ID_TAG];
  if (stackName.startsWith('StackSet-')) {
    const arn = stackSetExecutionRoleArn(parseArn(cluster.arn).partition, cluster.accountId);
    return [{ arn, kind: 'role', source: 'stackset-tags', evidence: `stack-name tag ${stackName}` }];
  }

  const cloudFormation = await clients.cloudFormation();
  const stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackId ?? stackName }))).Stacks?.[0];
  if (!stack?.RoleARN) {
    notes.push(`Stack ${stackName} has no service role, so it ran with the credentials of whoever deployed it (CloudTrail names them).`);
    return [];
  }
  return [{ arn: stack.RoleARN, kind: 'role', source: 'stack-role', evidence: `service role of stack ${stackName}` }];
}

async function fromCloudTrail(clients: AwsClients, cluster: ClusterInfo, options: FindCreatorOptions, notes: string[]): Promise<CreatorCandidate[]> {
  const cloudTrail = await clients.cloudTrail();
  const now = options.now ?? new Date();
  const maxPages = options.maxPages ?? 20;
  const interval = options.pageIntervalMs ?? PAGE_INTERVAL_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const startTime = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000);
  let nextToken: string | undefined;
  for (let page = 1; page <= maxPages; page += 1) {
    if (page > 1) await sleep(interval);
    const result = await cloudTrail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateCluster' }],
        StartTime: startTime,
        EndTime: now,
        MaxResults: 50,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    for (const event of result.Events ?? []) {
      const candidate = creatorFromEvent(event.CloudTrailEvent, cluster.name);
      if (candidate) return [candidate];
    }
    nextToken = result.NextToken;
    if (!nextToken) return [];
  }
  notes.push(`CloudTrail: stopped after ${maxPages} pages of CreateCluster events without one for ${cluster.name}`);
  return [];
}

interface TrailRecord {
  readonly eventTime?: string;
  readonly eventSource?: string;
  readonly errorCode?: string;
  readonly requestParameters?: { readonly name?: unknown } | null;
  readonly userIdentity?: {
    readonly type?: string;
    readonly arn?: string;
    readonly sessionContext?: { readonly sessionIssuer?: { readonly type?: string; readonly arn?: string } };
  };
}

/**
 * Reads the creator from one CloudTrail `CreateCluster` record of `clusterName`. A role
 * session becomes its role: the session issuer's ARN keeps the role path, which AssumeRole
 * needs. Failed calls and other clusters' events give undefined.
 */
export function creatorFromEvent(recordText: string | undefined, clusterName: string): CreatorCandidate | undefined {
  let record: TrailRecord;
  try {
    record = JSON.parse(recordText ?? '') as TrailRecord;
  } catch {
    return undefined;
  }
  if (record.errorCode || record.requestParameters?.name !== clusterName) return undefined;
  if (record.eventSource && record.eventSource !== 'eks.amazonaws.com') return undefined;
  const identity = record.userIdentity ?? {};
  const evidence = `CloudTrail CreateCluster at ${record.eventTime ?? '(no time)'} by ${identity.arn ?? 'an unknown identity'}`;
  if (identity.type === 'AssumedRole') {
    const issuer = identity.sessionContext?.sessionIssuer;
    let arn: string | undefined;
    if (issuer?.type === 'Role' && issuer.arn) arn = issuer.arn;
    else if (identity.arn) arn = awsAuthPrincipalArn(identity.arn).arn;
    return arn ? { arn, kind: 'role', source: 'cloudtrail', evidence } : undefined;
  }
  if (identity.type === 'IAMUser' && identity.arn) return { arn: identity.arn, kind: 'user', source: 'cloudtrail', evidence };
  if (identity.type === 'Root' && identity.arn) return { arn: identity.arn, kind: 'root', source: 'cloudtrail', evidence };
  return undefined;
}

async function fromAccessEntries(clients: AwsClients, cluster: ClusterInfo): Promise<CreatorCandidate[]> {
  if (!cluster.createdAt) return [];
  const createdAt = Date.parse(cluster.createdAt);
  const eks = await clients.eks();
  const principals: string[] = [];
  for await (const page of paginateListAccessEntries({ client: eks }, { clusterName: cluster.name })) principals.push(...(page.accessEntries ?? []));

  const candidates: CreatorCandidate[] = [];
  for (const principalArn of principals.slice(0, 50)) {
    const entry = (await eks.send(new DescribeAccessEntryCommand({ clusterName: cluster.name, principalArn }))).accessEntry;
    const entryCreated = entry?.createdAt?.getTime();
    if (entry?.type !== 'STANDARD' || entryCreated === undefined || Math.abs(entryCreated - createdAt) > BOOTSTRAP_WINDOW_MS) continue;
    const kind = parseArn(principalArn).kind === 'user' ? 'user' : 'role';
    const evidence = `access entry created at ${entry.createdAt!.toISOString()}, with the cluster`;
    candidates.push({ arn: principalArn, kind, source: 'access-entry', evidence });
  }
  return candidates;
}

export interface CreatorProposal {
  readonly arn: string;
  /** The reason this role is proposed, worded to follow "because". */
  readonly evidence: string;
}

/**
 * Proposes the creator role for the wizard: the first role found for the described cluster,
 * or else the StackSet execution role of the cluster's account. Prints what was found.
 */
export async function proposeCreatorRole(ctx: RunContext, clusterAccountId: string): Promise<CreatorProposal> {
  const caller = ctx.state.caller!;
  const fallback = {
    arn: stackSetExecutionRoleArn(caller.partition, clusterAccountId),
    evidence: 'no creator was found, and a StackSet execution role is the usual creator of a locked-out cluster',
  };
  const cluster = ctx.state.cluster;
  if (!cluster) return fallback;

  const search = await findCreator(ctx.clients, cluster);
  printCreatorSearch(ctx.output, search);
  const match = proposedCreatorRole(search);
  return match ? { arn: match.arn, evidence: `it was found from ${describeSources(match.sources)}` } : fallback;
}

/** Prints one line per principal found, with its evidence, then the sources that could not be read. */
export function printCreatorSearch(output: Output, search: CreatorSearch): void {
  for (const match of mergeCandidates(search.candidates)) {
    output.info(`  creator candidate ${formatMatch(match)}`);
    if (match.kind === 'user') output.info(`    An IAM user cannot be assumed: sign in as ${match.arn} to map yourself, or use the access-entry path.`);
  }
  for (const note of search.notes) output.info(`  ${note}`);
}

/** Formats a match as "ARN (kind): evidence; evidence". */
export function formatMatch(match: CreatorMatch): string {
  return `${match.arn} (${match.kind}): ${match.evidence.join('; ')}`;
}
