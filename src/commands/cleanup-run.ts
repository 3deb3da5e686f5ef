import { DeleteGroupCommand, type IAMClient, paginateListGroups } from '@aws-sdk/client-iam';
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { explainAwsError } from '../aws/errors.js';
import { findMarkedSections, removeMarkedSection } from '../aws-config/index.js';
import { readConfigFile, writeConfigFile } from '../aws-config/config-file.js';
import { type GlobalOptions, resolveSettings } from '../config/settings.js';
import { ExitCode } from '../errors.js';
import { Journal } from '../journal/journal.js';
import { emptyGroup, GROUP_PATH } from '../steps/grant-assume-role.js';
import { PROFILE_MARKER } from '../steps/temp-profile.js';
import { describeLeftovers, undoTemporaryChanges } from '../steps/undo.js';
import type { CleanupFlags } from './cleanup.js';
import { type CommandRuntime, createRuntime } from './runtime.js';

interface CleanupReport {
  removed: string[];
  /** Resources that a dry run would remove. */
  planned: string[];
  failed: string[];
  invalidJournals: string[];
  /** Runs still going on this machine, left alone. */
  skippedLiveRuns: string[];
}

/** Replays every journal's undo, then (with --all) looks for orphans that no journal records. */
export async function runCleanup(flags: CleanupFlags & GlobalOptions): Promise<void> {
  const runtime = createRuntime(flags);
  const { settings, output } = runtime;
  const report: CleanupReport = { removed: [], planned: [], failed: [], invalidJournals: [], skippedLiveRuns: [] };

  const { journals, invalid } = await Journal.loadAll(settings.stateDir);
  for (const entry of invalid) {
    output.error(`Skipped journal ${entry.dir}: ${entry.error}`);
    report.invalidJournals.push(entry.dir);
  }
  const live = journals.filter((journal) => journal.liveOwnerPid() !== undefined);
  for (const journal of live) {
    output.warn(`Run ${journal.runId} is still going (process ${journal.liveOwnerPid()}); its temporary resources are left alone.`);
    report.skippedLiveRuns.push(journal.runId);
  }
  for (const journal of journals.filter((candidate) => !live.includes(candidate) && candidate.pendingUndo().length > 0)) {
    output.heading(`Run ${journal.runId} (cluster ${journal.context.clusterName ?? 'unknown'}, journal ${journal.dir})`);
    if (settings.dryRun) {
      for (const leftover of describeLeftovers(journal)) output.info(`Would remove ${leftover}.`);
      report.planned.push(...describeLeftovers(journal));
      continue;
    }
    const result = await undoTemporaryChanges(journal, lazyClients(flags, journal), output);
    report.removed.push(...result.removed);
    report.failed.push(...result.failed.map((failure) => failure.message));
  }

  if (flags.all) await removeOrphans(runtime, report, live);
  printSummary(runtime, report);
  if (report.failed.length > 0 || report.invalidJournals.length > 0) process.exitCode = ExitCode.Failure;
}

function printSummary({ settings, output }: CommandRuntime, report: CleanupReport): void {
  if (settings.dryRun) {
    output.result(report.planned.length === 0 ? 'Nothing to clean up.' : `Dry run: would remove ${report.planned.length} temporary resource(s); nothing was changed.`);
  } else if (report.removed.length === 0 && report.failed.length === 0) {
    output.result('Nothing to clean up.');
  } else {
    output.result(`Removed ${report.removed.length} temporary resource(s)${report.failed.length ? `, ${report.failed.length} failed` : ''}.`);
  }
  if (settings.json) output.printJson(report);
}

/** Clients with the identity and region the journal recorded, unless flags name others. */
function lazyClients(flags: GlobalOptions, journal: Journal): () => Promise<AwsClients> {
  let clients: Promise<AwsClients> | undefined;
  return () => {
    const profile = flags.profile ?? journal.context.profile;
    const region = flags.region ?? journal.context.region;
    const settings = resolveSettings({ ...flags, ...(profile ? { profile } : {}), ...(region ? { region } : {}) });
    clients ??= createAwsClients(settings);
    return clients;
  };
}

async function removeOrphans(runtime: CommandRuntime, report: CleanupReport, live: readonly Journal[]): Promise<void> {
  const { settings, output, prompter } = runtime;
  output.heading('Temporary resources that no journal records');
  const iam = await (await createAwsClients(settings)).iam();
  const liveGroups = new Set(live.flatMap((journal) => journal.entries.map((entry) => String(entry.data.groupName ?? ''))));
  const liveProfiles = new Set(live.flatMap((journal) => journal.entries.filter((entry) => entry.kind === 'aws-config-profile').map((entry) => String(entry.data.name))));
  for (const groupName of (await listEksRecoverGroups(iam)).filter((name) => !liveGroups.has(name))) {
    if (settings.dryRun) {
      output.info(`Would delete IAM group ${GROUP_PATH}${groupName}.`);
      report.planned.push(`IAM group ${GROUP_PATH}${groupName}`);
      continue;
    }
    if (!(await prompter.confirm({ message: `Delete IAM group ${GROUP_PATH}${groupName}, its members and inline policies?` }))) continue;
    try {
      await emptyGroup(iam, groupName);
      await iam.send(new DeleteGroupCommand({ GroupName: groupName }));
      report.removed.push(`deleted IAM group ${groupName}`);
      output.success(`Deleted IAM group ${groupName}`);
    } catch (error) {
      report.failed.push(explainAwsError(error, `delete IAM group ${groupName}`).message);
    }
  }

  const { text } = await readConfigFile(settings.configFile);
  let current = text;
  for (const section of findMarkedSections(text, PROFILE_MARKER).filter((marked) => !liveProfiles.has(marked.name)).reverse()) {
    if (settings.dryRun) {
      output.info(`Would remove profile ${section.name} from ${settings.configFile}.`);
      report.planned.push(`profile ${section.name} in ${settings.configFile}`);
      continue;
    }
    if (!(await prompter.confirm({ message: `Remove profile ${section.name} (marked as written by eks-recover) from ${settings.configFile}?` }))) continue;
    current = removeMarkedSection(current, section);
    report.removed.push(`removed profile ${section.name}`);
  }
  if (current !== text) {
    await writeConfigFile(settings.configFile, current, { expectedText: text });
    output.success(`Removed marked profiles from ${settings.configFile}`);
  }
}

/** Groups under /eks-recover/. The path is filtered here too, because not every IAM implementation honours PathPrefix. */
export async function listEksRecoverGroups(iam: IAMClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListGroups({ client: iam }, { PathPrefix: GROUP_PATH })) {
    for (const group of page.Groups ?? []) {
      if (group.Path?.startsWith(GROUP_PATH) && group.GroupName) names.push(group.GroupName);
    }
  }
  return names;
}
