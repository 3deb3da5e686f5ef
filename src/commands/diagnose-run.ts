import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { AwsClients, createAwsClients } from '../aws/clients.js';
import { explainAwsError, isAwsError } from '../aws/errors.js';
import type { GlobalOptions } from '../config/settings.js';
import { ExitCode, UsageError } from '../errors.js';
import { examineCluster } from '../diagnose/examine-cluster.js';
import { renderReport } from '../diagnose/render.js';
import type { CallerDiagnosis, ClusterDiagnosis, DiagnoseReport, RegionFailure } from '../diagnose/types.js';
import { lookupAccessEntryPrincipal } from '../steps/access-entry-principal.js';
import { fetchCaller } from '../steps/identify-caller.js';
import { listClusterNames } from '../steps/select-cluster.js';
import { startProgress } from '../ui/progress.js';
import type { DiagnoseFlags } from './diagnose.js';
import { createRuntime } from './runtime.js';

/** `eks-recover diagnose`: examines clusters read-only and exits 1 when the caller lacks access to any. */
export async function runDiagnose(flags: DiagnoseFlags & GlobalOptions): Promise<void> {
  const { settings, output } = createRuntime(flags);
  const clients = await createAwsClients(settings);
  const caller = await diagnoseCaller(clients);
  const regions = flags.allRegions ? await enabledRegions(clients) : [clients.region];

  const clusters: ClusterDiagnosis[] = [];
  const regionFailures: RegionFailure[] = [];
  const progress = await startProgress(output, `Examining ${regions.length} region(s)`);
  let finished = 0;
  await forEachLimited(regions, flags.concurrency, async (region) => {
    const regionClients = region === clients.region ? clients : new AwsClients(settings, region, clients.credentials);
    try {
      clusters.push(...(await examineRegion(regionClients, caller, flags.cluster, regions.length === 1)));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      regionFailures.push({ region, error: explainAwsError(error, `list EKS clusters in ${region}`).message });
    }
    finished += 1;
    progress.update(`Examined ${finished} of ${regions.length} region(s)`);
  });
  progress.succeed(`Examined ${clusters.length} cluster(s) in ${regions.length} region(s).`);

  clusters.sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
  const report: DiagnoseReport = { caller, regions, clusters, regionFailures };
  if (settings.json) output.printJson(report);
  else renderReport(output, report);
  if (regionFailures.length > 0 || clusters.some((cluster) => !cluster.hasAccess)) process.exitCode = ExitCode.Failure;
}

async function diagnoseCaller(clients: AwsClients): Promise<CallerDiagnosis> {
  const caller = await fetchCaller(clients);
  const arn = caller.arn;
  const principal = caller.kind === 'root' ? { ok: false as const, reason: 'the account root user cannot have an access entry' } : await lookupAccessEntryPrincipal(clients, arn);
  return {
    arn,
    accountId: caller.accountId,
    kind: caller.kind,
    awsAuthArn: caller.awsAuthArn,
    ...(principal.ok ? { accessEntryArn: principal.arn } : { accessEntryProblem: principal.reason }),
  };
}

/** Lists the regions EC2 reports as enabled for the account (opted in, or needing no opt-in). */
async function enabledRegions(clients: AwsClients): Promise<string[]> {
  try {
    const result = await (await clients.ec2()).send(new DescribeRegionsCommand({ AllRegions: false }));
    return (result.Regions ?? []).map((region) => region.RegionName ?? '').filter(Boolean).sort();
  } catch (error) {
    throw explainAwsError(error, 'list the enabled regions with EC2 DescribeRegions');
  }
}

async function examineRegion(clients: AwsClients, caller: CallerDiagnosis, clusterName: string | undefined, onlyRegion: boolean): Promise<ClusterDiagnosis[]> {
  const eks = await clients.eks();
  let names: string[];
  if (clusterName) {
    names = (await clusterExists(clients, clusterName)) ? [clusterName] : [];
    if (names.length === 0 && onlyRegion) {
      throw new UsageError('ClusterNotFound', `Cluster "${clusterName}" was not found in ${clients.region}.`, {
        hint: 'Check --cluster and --region, or pass --all-regions to look in every enabled region.',
      });
    }
  } else {
    names = await listClusterNames(eks);
  }
  const results: ClusterDiagnosis[] = [];
  for (const name of names) results.push(await examineCluster(clients, caller, name));
  return results;
}

async function clusterExists(clients: AwsClients, name: string): Promise<boolean> {
  const { DescribeClusterCommand } = await import('@aws-sdk/client-eks');
  try {
    await (await clients.eks()).send(new DescribeClusterCommand({ name }));
    return true;
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return false;
    throw error;
  }
}

/** Runs `task` over `items` with at most `limit` running at once; the first error stops new tasks and is thrown. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
