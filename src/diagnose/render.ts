import { formatMatch, mergeCandidates } from '../steps/find-creator.js';
import type { Output } from '../ui/output.js';
import type { ClusterDiagnosis, DiagnoseReport } from './types.js';

const REQUEST_LABELS: Record<ClusterDiagnosis['request']['result'], string> = {
  allowed: 'allowed',
  unauthorized: '401 Unauthorized',
  forbidden: '403 Forbidden',
  unreachable: 'endpoint unreachable',
  failed: 'failed',
};

/** Writes the human-readable report on stdout. */
export function renderReport(output: Output, report: DiagnoseReport): void {
  const { caller } = report;
  output.result(`You: ${caller.arn} (${caller.kind}) in account ${caller.accountId}`);
  output.result(`  as aws-auth sees you:       ${caller.awsAuthArn}`);
  output.result(`  as access entries name you: ${caller.accessEntryArn ?? `none (${caller.accessEntryProblem ?? 'unknown'})`}`);
  if (report.clusters.length === 0) output.result(`No EKS clusters found in ${report.regions.join(', ')}.`);
  for (const cluster of report.clusters) renderCluster(output, cluster);
  for (const failure of report.regionFailures) output.result(`\nRegion ${failure.region}: could not be examined: ${failure.error}`);
}

function renderCluster(output: Output, cluster: ClusterDiagnosis): void {
  output.result(`\nCluster ${cluster.name} (${cluster.region})`);
  if (cluster.error) {
    output.result(`  error: ${cluster.error}`);
    return;
  }
  const endpoint = [cluster.endpointPublicAccess ? 'public' : '', cluster.endpointPrivateAccess ? 'private' : ''].filter(Boolean).join(' and ');
  output.result(`  status ${cluster.status}, Kubernetes ${cluster.version ?? 'unknown'}, platform ${cluster.platformVersion ?? 'unknown'}`);
  output.result(`  endpoint access: ${endpoint || 'none'}`);
  output.result(`  authentication mode: ${cluster.authenticationMode}`);
  for (const match of mergeCandidates(cluster.creatorCandidates)) output.result(`  creator candidate: ${formatMatch(match)}`);
  if (cluster.creatorCandidates.length === 0) output.result('  creator candidate: none found');
  for (const note of cluster.creatorNotes) output.result(`    ${note}`);
  output.result(`  mapped in aws-auth: ${cluster.mappedInAwsAuth === null ? 'unknown (you may not read aws-auth)' : cluster.mappedInAwsAuth ? 'yes' : 'no'}`);
  if (cluster.accessEntry) {
    const entry = cluster.accessEntry.exists ? `yes (type ${cluster.accessEntry.type ?? 'unknown'}; policies: ${cluster.accessEntry.policies.join(', ') || 'none'})` : 'no';
    output.result(`  your access entry: ${entry}`);
  }
  output.result(`  request as you: ${REQUEST_LABELS[cluster.request.result]}: ${cluster.request.detail}`);
  if (cluster.clusterAdmin !== null) output.result(`  cluster-admin: ${cluster.clusterAdmin ? 'yes' : 'no'}`);
  renderRecommendation(output, cluster);
}

function renderRecommendation(output: Output, cluster: ClusterDiagnosis): void {
  const { recommendation } = cluster;
  if (recommendation.method === 'none') {
    output.result(cluster.hasAccess ? `  recovery: not needed, ${recommendation.reason}` : `  recovery: not possible: ${recommendation.reason}`);
    return;
  }
  output.result(`  recommended path: ${recommendation.method}, because ${recommendation.reason}`);
  if (recommendation.command) output.result(`  run: ${recommendation.command}`);
  if (recommendation.alternative) output.result(`  or:  ${recommendation.alternative}`);
}
