import { buildKubeconfigEntry } from '../kube/kubeconfig-entry.js';
import { missingExecWarning } from '../kube/kubeconfig-exec.js';
import { writeKubeconfigEntry } from '../kube/kubeconfig-file.js';
import type { RunContext } from './context.js';

/**
 * Writes a kubectl context for the caller's own identity, with `eks-recover token` as the exec
 * credential plugin, and makes it the current context. It is part of the lasting result, so
 * the journal records it but cleanup leaves it; `eks-recover kubeconfig` writes the same entry.
 */
export async function writeCallerContext(ctx: RunContext): Promise<void> {
  const { settings, state, output } = ctx;
  const cluster = state.cluster!;
  const entry = buildKubeconfigEntry({
    clusterName: cluster.name,
    region: ctx.clients.region,
    clusterAccountId: cluster.accountId,
    principalArn: state.caller!.arn,
    endpoint: cluster.endpoint,
    certificateAuthorityData: cluster.caData,
    exec: 'eks-recover',
    ...(settings.profile ? { profile: settings.profile } : {}),
  });
  const journalEntry = await ctx.journal.begin('kubeconfig-context', { name: entry.name });
  const result = await writeKubeconfigEntry({
    entry,
    homeDir: settings.homeDir,
    ...(settings.env.KUBECONFIG ? { kubeconfigEnv: settings.env.KUBECONFIG } : {}),
    setCurrentContext: true,
    dryRun: settings.dryRun,
  });
  await ctx.journal.complete(journalEntry, { path: result.path });
  output.success(`Wrote kubectl context ${entry.name} to ${result.path} and made it the current context.`);
  const execWarning = await missingExecWarning('eks-recover', { path: settings.env.PATH, pathExt: settings.env.PATHEXT });
  if (execWarning) output.warn(execWarning);
}
