import { createPatch } from 'diff';
import { addMapping, readAwsAuth, removeMapping } from '../aws-auth/index.js';
import { sameArn } from '../aws/arn.js';
import type { MappingEntry } from '../aws-auth/types.js';
import { createEksToken } from '../aws/token.js';
import type { AwsClients } from '../aws/clients.js';
import { StepError } from '../errors.js';
import { KubeApi } from '../kube/client.js';
import { createDebugLog } from '../ui/debug-log.js';
import { type AwsAuthData, awsAuthManagers, updateAwsAuth } from '../kube/aws-auth-store.js';
import type { ClusterInfo, RunContext, StepPlan } from './context.js';

export interface MappingRequest {
  readonly arn: string;
  readonly username?: string;
  readonly groups: readonly string[];
}

/** Creates a Kubernetes client for the cluster that signs its tokens with these clients' credentials. */
export function kubeFor(cluster: ClusterInfo, clients: AwsClients): KubeApi {
  const log = createDebugLog(clients.settings);
  return new KubeApi({
    server: cluster.endpoint,
    caData: cluster.caData,
    ...(log ? { log } : {}),
    token: async () =>
      createEksToken({ clusterName: cluster.name, region: clients.region, credentials: await clients.resolveCredentials() }),
  });
}

export function mappingRequest(ctx: RunContext): MappingRequest {
  return {
    arn: ctx.options.mapArn ?? ctx.state.caller!.awsAuthArn,
    ...(ctx.options.username ? { username: ctx.options.username } : {}),
    groups: ctx.options.group.length > 0 ? ctx.options.group : ['system:masters'],
  };
}

/** Returns a unified diff of every data key that differs, for the plan and the confirmation. */
export function diffAwsAuth(before: AwsAuthData | undefined, after: AwsAuthData): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])];
  return keys
    .filter((key) => (before?.[key] ?? '') !== (after[key] ?? ''))
    .flatMap((key) =>
      createPatch(`data.${key}`, before?.[key] ?? '', after[key] ?? '', 'live', 'after eks-recover', { context: 3 })
        .split('\n')
        .slice(2)
        .filter((line) => line !== '\\ No newline at end of file' && line !== ''),
    );
}

/** Throws unless every entry the authenticator could read before is still there, unchanged apart from added groups. */
export function assertNothingLost(before: AwsAuthData | undefined, after: AwsAuthData): void {
  const afterEntries = readAwsAuth(after).entries;
  const kept = (entry: MappingEntry) =>
    afterEntries.some(
      (candidate) =>
        candidate.key === entry.key &&
        candidate.arn === entry.arn &&
        candidate.username === entry.username &&
        entry.groups.every((group) => candidate.groups.includes(group)),
    );
  const lost = readAwsAuth(before).entries.filter((entry) => entry.readable && !kept(entry));
  const lostAccounts = readAwsAuth(before).accounts.filter((account) => !readAwsAuth(after).accounts.includes(account));
  const otherKeysChanged = Object.keys(before ?? {}).filter(
    (key) => !['mapRoles', 'mapUsers', 'mapAccounts'].includes(key) && before?.[key] !== after[key],
  );
  if (lost.length > 0 || lostAccounts.length > 0 || otherKeysChanged.length > 0) {
    const names = [...lost.map((entry) => `${entry.key}[${entry.index}] ${entry.arn}`), ...lostAccounts, ...otherKeysChanged];
    throw new StepError('AwsAuthWouldLoseEntries', `The merged aws-auth would lose ${names.join(', ')}; nothing was written.`, {
      hint: 'This is a bug in eks-recover; please report it with the output of `eks-recover aws-auth lint` on the ConfigMap.',
    });
  }
}

/**
 * Describes the mapping for the plan. Only the creator can read aws-auth before the grant
 * exists, so the plan shows the entry to be added. The full diff is shown before the write.
 */
export function describeMapping(request: MappingRequest): StepPlan {
  const { data, key } = addMapping(undefined, toAddRequest(request));
  return {
    title: `As the creator, add to ${key} in kube-system/aws-auth (every existing entry kept; the diff is shown before it is written):`,
    details: (data[key] ?? '').trimEnd().split('\n').map((line) => `+${line}`),
  };
}

function toAddRequest(request: MappingRequest) {
  return { arn: request.arn, groups: [...request.groups], ...(request.username ? { username: request.username } : {}) };
}

/**
 * Step 7: as the creator, adds the mapping to aws-auth, keeping every existing entry. The
 * fetched ConfigMap is backed up and the diff confirmed before the first write.
 */
export async function patchAwsAuth(ctx: RunContext, kube: KubeApi, request: MappingRequest): Promise<void> {
  let backupPath: string | undefined;
  let key = '';
  let appended = false;
  const result = await updateAwsAuth(kube, {
    apply: (data) => {
      const merged = addMapping(data, toAddRequest(request));
      key = merged.key;
      appended = !readAwsAuth(data).entries.some((entry) => entry.arn !== undefined && sameArn(entry.arn, request.arn));
      for (const warning of merged.warnings) ctx.output.warn(warning);
      for (const finding of merged.untouchedErrors ?? []) {
        ctx.output.warn(`aws-auth ${finding.key}${finding.line ? ` line ${finding.line}` : ''} is broken and left as it is: ${finding.message}`);
      }
      return merged;
    },
    check: assertNothingLost,
    beforeWrite: async (current, updated) => {
      if (!current) ctx.output.warn('kube-system/aws-auth does not exist; it will be created with only the new mapping.');
      for (const manager of awsAuthManagers(current)) {
        ctx.output.warn(`aws-auth is managed by ${manager}: its next run may remove the new entry unless you add it there too.`);
      }
      backupPath = await ctx.journal.writePrivateFile('aws-auth-before.json', `${JSON.stringify(current ?? null, null, 2)}\n`);
      ctx.output.heading(`Change to kube-system/aws-auth (backup: ${backupPath}):`);
      for (const line of diffAwsAuth(current?.data, updated)) ctx.output.info(colorDiffLine(ctx, line));
      const confirmed = await ctx.prompter.confirm({ message: 'Write this change to aws-auth?' });
      if (!confirmed) throw new StepError('Declined', 'Stopped before changing aws-auth, as you chose.');
      await ctx.journal.begin('aws-auth-mapping', { arn: request.arn, groups: request.groups, backupPath, clusterName: ctx.state.cluster?.name });
    },
  });

  const entry = ctx.journal.entries.findLast((candidate) => candidate.kind === 'aws-auth-mapping');
  if (entry && result.changed) await ctx.journal.complete(entry, { key, attempts: result.attempts, resourceVersion: result.after?.metadata?.resourceVersion });
  ctx.state.mapping = { key, arn: request.arn, changed: result.changed, appended: result.changed && appended, ...(backupPath ? { backupPath } : {}) };
  if (result.changed) {
    const retried = result.attempts > 1 ? ` after ${result.attempts - 1} conflicting write(s) by others` : '';
    ctx.output.success(`aws-auth now maps ${request.arn} to ${request.groups.join(', ')}${retried}.`);
  } else {
    ctx.output.success(`aws-auth already maps ${request.arn} to ${request.groups.join(', ')}.`);
  }
}

/** Removes the entry this run added, re-merged with whatever is live now. */
export async function removeAddedMapping(kube: KubeApi, arn: string): Promise<boolean> {
  const result = await updateAwsAuth(kube, {
    apply: (data) => {
      const removed = removeMapping(data, arn);
      return { data: removed.data, changed: removed.removed > 0 };
    },
  });
  return result.changed;
}

function colorDiffLine(ctx: RunContext, line: string): string {
  if (line.startsWith('+')) return ctx.output.colors.green(line);
  if (line.startsWith('-')) return ctx.output.colors.red(line);
  return line;
}
