import { readdir, readFile, realpath, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { addProfileSection, type AddedSection, chooseProfileName, removeAddedSection } from '../aws-config/index.js';
import { backupConfigFile, readConfigFile, writeConfigFile } from '../aws-config/config-file.js';
import { StepError } from '../errors.js';
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

/** A role session name from the caller's name, so CloudTrail shows who used the creator role. */
export function roleSessionName(caller: Caller): string {
  const cleaned = caller.displayName.replace(/[^\w+=,.@-]/g, '-');
  return `eks-recover-${cleaned}`.slice(0, 64);
}

export async function planTempProfile(ctx: RunContext): Promise<ProfilePlan> {
  const path = ctx.settings.configFile;
  const { text } = await readConfigFile(path);
  const credentials = await readConfigFile(ctx.settings.credentialsFile);
  const { name, reusesOwnSection } = chooseProfileName(text, ctx.options.tempProfile, PROFILE_MARKER, credentials.text);
  if (reusesOwnSection) {
    throw new StepError('StaleTempProfile', `Profile ${name} in ${path} was left by an earlier eks-recover run.`, {
      hint: "Run 'eks-recover cleanup --all' to remove it, or pass --temp-profile with another name.",
    });
  }
  const values: Array<readonly [string, string]> = [
    ['region', ctx.clients.region],
    ['role_arn', ctx.state.creatorRoleArn!],
    ['role_session_name', roleSessionName(ctx.state.caller!)],
    ctx.state.source ?? (ctx.settings.profile ? ['source_profile', ctx.settings.profile] : ['source_profile', 'default']),
  ];
  const { text: newText, added } = addProfileSection(text, name, values, PROFILE_MARKER);
  return { path, name, values, originalText: text, newText, added, renamed: name !== ctx.options.tempProfile };
}

export function describeTempProfile(plan: ProfilePlan): StepPlan {
  return {
    title: `Add profile ${plan.name} to ${plan.path}:`,
    details: plan.added.text.replace(/\r?\n$/, '').split(/\r?\n/),
  };
}

/** Step 5: writes the temporary profile, after a backup of the file and a journal entry. */
export async function writeTempProfile(ctx: RunContext, plan: ProfilePlan): Promise<void> {
  if (plan.renamed) {
    ctx.output.warn(`A profile named ${ctx.options.tempProfile} already exists and eks-recover did not write it; using ${plan.name} instead.`);
  }
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
