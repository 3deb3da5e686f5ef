import { readdir, readFile, realpath, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { addProfileSection, type AddedSection, chooseProfileName, parseAwsConfig, removeAddedSection } from '../aws-config/index.js';
import { assertWritable, backupConfigFile, readConfigFile, writeConfigFile } from '../aws-config/config-file.js';
import { StepError, UsageError } from '../errors.js';
import { Journal } from '../journal/journal.js';
import type { JournalEntry } from '../journal/types.js';
import type { Caller, RunContext, StepPlan } from './context.js';

/** The comment line that marks a profile section as eks-recover's own. */
export const PROFILE_MARKER = "# written by eks-recover: remove with 'eks-recover cleanup'";

export interface ProfilePlan {
  readonly path: string;
  readonly name: string;
  readonly values: ReadonlyArray<readonly [string, string]>;
  readonly originalText: string;
  readonly newText: string;
  readonly added: AddedSection;
  readonly renamed: boolean;
}

/** Builds a role session name from the caller's name, so that CloudTrail shows who used the creator role. */
export function roleSessionName(caller: Caller): string {
  const cleaned = caller.displayName.replace(/[^\w+=,.@-]/g, '-');
  return `eks-recover-${cleaned}`.slice(0, 64);
}

/** Rejects a temporary profile name that is the source profile or the default profile. */
export function checkTempProfileName(name: string, sourceProfile: string | undefined): void {
  if (name !== sourceProfile && name !== 'default') return;
  const what = name === 'default' ? 'the default profile' : 'your own source profile';
  throw new UsageError('InvalidTempProfile', `--temp-profile ${name} names ${what}; the temporary profile needs a name of its own.`, {
    hint: 'Pass --temp-profile with a new name, or leave it out to use eks-temp.',
  });
}

/**
 * Plans the temporary profile, checking first that the config file is well-formed and
 * writable, so that a problem with it stops the run before the IAM grant exists.
 */
export async function planTempProfile(ctx: RunContext): Promise<ProfilePlan> {
  const path = ctx.settings.configFile;
  const requested = ctx.options.tempProfile;
  checkTempProfileName(requested, ctx.settings.profile);
  const { text } = await readConfigFile(path);
  checkConfigFile(ctx, path, text);
  await assertWritable(path);
  const credentials = await readConfigFile(ctx.settings.credentialsFile);
  const { name, reusesOwnSection } = await chooseFreeName(ctx, text, credentials.text);
  if (reusesOwnSection) {
    throw new StepError('StaleTempProfile', `Profile ${name} in ${path} was left by an earlier eks-recover run that did not finish.`, {
      hint: "Run 'eks-recover cleanup' to remove it (or 'eks-recover cleanup --all' when no journal records it), or pass --temp-profile with another name.",
    });
  }
  if (name !== requested) ctx.output.warn(`A profile named ${requested} exists already and eks-recover did not write it (or another run is using it), so the temporary profile is ${name}.`);
  const values: Array<readonly [string, string]> = [
    ['region', ctx.clients.region],
    ['role_arn', ctx.state.creatorRoleArn!],
    ['role_session_name', roleSessionName(ctx.state.caller!)],
    ctx.state.source ?? (ctx.settings.profile ? ['source_profile', ctx.settings.profile] : ['source_profile', 'default']),
  ];
  const { text: newText, added } = addProfileSection(text, name, values, PROFILE_MARKER);
  return { path, name, values, originalText: text, newText, added, renamed: name !== ctx.options.tempProfile };
}

/**
 * Reports problems of the config file. Lines the SDK cannot read stop the run (exit 2), because
 * eks-recover would edit a file whose meaning it cannot be sure of. Duplicates, which the AWS CLI
 * rejects but the SDK merges, are reported and the run goes on, since the edit adds none.
 */
function checkConfigFile(ctx: RunContext, path: string, text: string): void {
  const findings = parseAwsConfig(text, 'config').findings;
  const blocking = findings.filter((finding) => finding.code === 'missing-section-header' || finding.code === 'invalid-line');
  if (blocking.length > 0) {
    throw new UsageError('MalformedConfigFile', `${path} line ${blocking[0]!.line}: ${blocking[0]!.message}`, {
      hint: `Fix ${path} (${blocking.length} line(s) are malformed), then run eks-recover again; nothing was changed.`,
    });
  }
  for (const finding of findings.filter((candidate) => candidate.level === 'error')) ctx.output.warn(`${path} line ${finding.line}: ${finding.message}`);
}

/** Finds the first free name from `--temp-profile` on, skipping sections that a live run uses. */
async function chooseFreeName(ctx: RunContext, text: string, credentialsText: string): Promise<{ name: string; reusesOwnSection: boolean }> {
  const { journals } = await Journal.loadAll(ctx.settings.stateDir);
  const busy = new Set(
    journals
      .filter((journal) => journal.liveOwnerPid() !== undefined)
      .flatMap((journal) => journal.entries.filter((entry) => entry.kind === 'aws-config-profile').map((entry) => String(entry.data.name))),
  );
  for (let index = 1; ; index += 1) {
    const base = index === 1 ? ctx.options.tempProfile : `${ctx.options.tempProfile}-${index}`;
    const choice = chooseProfileName(text, base, PROFILE_MARKER, credentialsText);
    if (!busy.has(choice.name)) return choice;
  }
}

export function describeTempProfile(plan: ProfilePlan): StepPlan {
  return {
    title: `Add profile ${plan.name} to ${plan.path}:`,
    details: plan.added.text.replace(/\r?\n$/, '').split(/\r?\n/),
  };
}

/** Step 5: writes the temporary profile, after a backup of the file and a journal entry. */
export async function writeTempProfile(ctx: RunContext, plan: ProfilePlan): Promise<void> {
  const backupPath = await backupConfigFile(plan.path, ctx.journal.dir);
  const entry = await ctx.journal.begin('aws-config-profile', {
    path: plan.path,
    name: plan.name,
    added: plan.added,
    ...(backupPath ? { backupPath } : {}),
  });
  await writeConfigFile(plan.path, plan.newText, { expectedText: plan.originalText });
  await ctx.journal.complete(entry);
  ctx.state.tempProfile = { name: plan.name };
  ctx.output.success(`Wrote profile ${plan.name} to ${plan.path}.`);
}

/** Removes exactly the section this run added; other edits to the file since then stay. */
export async function undoTempProfile(entry: JournalEntry): Promise<string> {
  const path = String(entry.data.path);
  const added = entry.data.added as AddedSection;
  const { text, exists } = await readConfigFile(path);
  if (!exists) return `profile ${added.name} is already gone (${path} does not exist)`;
  const result = removeAddedSection(text, added);
  if (result.removed) await writeConfigFile(path, result.text, { expectedText: text });
  const copies = await removeInterruptedCopies(path, added, result.removed ? result.text : text);
  const copiesNote = copies > 0 ? `, and deleted ${copies} temporary copy(ies) that an interrupted write left beside it` : '';
  return result.removed ? `removed profile ${added.name} from ${path}${copiesNote}` : `profile ${added.name} is already gone from ${path}${copiesNote}`;
}

/**
 * Deletes the temporary copies (`config.<digits>`) that write-file-atomic leaves beside the
 * file when the process is killed before its rename. Only copies that contain this run's
 * section, or the file's current text, are deleted, so a file of the user's is never touched.
 */
async function removeInterruptedCopies(path: string, added: AddedSection, currentText: string): Promise<number> {
  const target = await realpath(path).catch(() => path);
  const folder = dirname(target);
  const pattern = new RegExp(`^${basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+$`);
  let removed = 0;
  for (const name of (await readdir(folder).catch(() => [])).filter((candidate) => pattern.test(candidate))) {
    const copy = join(folder, name);
    const content = await readFile(copy, 'utf8').catch(() => undefined);
    if (content === undefined || !(content.includes(added.text) || content === currentText)) continue;
    await unlink(copy);
    removed += 1;
  }
  return removed;
}
