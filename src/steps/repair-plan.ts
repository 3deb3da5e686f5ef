import { proposeFixes, type AutomaticFix, type DuplicateChoice } from '../aws-auth/fix-plan.js';
import { keepOneDuplicate, mergeDuplicates } from '../aws-auth/fixes.js';
import { lintAwsAuth, type AwsAuthData, type Finding, type MapKey } from '../aws-auth/index.js';
import { principalIdentity } from '../aws-auth/lost-entries.js';
import { readConfigMapFile } from '../commands/aws-auth/file.js';
import { StepError, UsageError } from '../errors.js';
import { editUntilValid } from '../ui/editor.js';
import type { RunContext } from './context.js';
import { diffAwsAuth } from './patch-aws-auth.js';

/** One chosen change, applied again to freshly fetched data after a write conflict. */
export interface RepairAction {
  readonly description: string;
  /** Returns the changed data, or null when the change no longer applies. */
  readonly apply: (data: AwsAuthData) => AwsAuthData | null;
}

export interface RepairPlan {
  readonly actions: RepairAction[];
  /** Principals (see `principalIdentity`) whose duplicates the user chose between. */
  readonly resolved: Set<string>;
  /** Principals the user chose to drop (by restoring a backup without them). */
  readonly dropped?: Set<string>;
  /** The data whose diff for each action was shown when the user was asked about it. */
  readonly shownAgainst?: AwsAuthData;
}

export interface RepairChoices {
  /** A corrected ConfigMap file whose data replaces the live keys it contains. */
  readonly fromFile?: string;
  /** The plan of `fromFile` when the caller read and checked it before any change (see `planFromFile`). */
  readonly fromFilePlan?: RepairPlan;
  /** An aws-auth backup (`aws-auth-before.json`) to restore instead of a repair. */
  readonly backup?: string;
  /** `KEY[INDEX]` of the duplicate entries to keep, for runs without a terminal. */
  readonly keepEntries: readonly string[];
  /** True merges duplicates that `--keep-entry` does not name, where a merge is possible. */
  readonly mergeDuplicates?: boolean;
  /** False leaves keys that do not parse as they are instead of opening an editor. */
  readonly edit?: boolean;
}

const MAX_ROUNDS = 5;

/** Applies the actions in order; the data is returned unchanged when none applies. */
export function applyActions(data: AwsAuthData, actions: readonly RepairAction[]): AwsAuthData {
  return actions.reduce((current, action) => action.apply(current) ?? current, data);
}

/**
 * Chooses the repair of the live data: the corrected file of `--from-file`, or each automatic
 * fix after its diff is confirmed, the entry to keep of each duplicate, and an editor for each
 * key that still does not parse. Under `--dry-run` every automatic fix is taken without asking.
 */
export async function chooseRepairs(ctx: RunContext, live: AwsAuthData, choices: RepairChoices): Promise<RepairPlan> {
  if (choices.fromFilePlan) return choices.fromFilePlan;
  if (choices.fromFile) return planFromFile(choices.fromFile);
  const plan: RepairPlan = { actions: [], resolved: new Set(), ...(ctx.prompter.interactive ? { shownAgainst: live } : {}) };
  const asked = new Set<string>();
  const duplicateNames: string[] = [];
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const working = applyActions(live, plan.actions);
    const proposals = proposeFixes(working).filter((proposal) => !asked.has(proposal.id));
    if (proposals.length === 0) break;
    for (const proposal of proposals) {
      asked.add(proposal.id);
      const current = applyActions(live, plan.actions);
      if (proposal.kind === 'duplicate') duplicateNames.push(...proposal.entries.map((entry) => `${entry.key}[${entry.index}]`));
      const action = proposal.kind === 'automatic' ? await offerFix(ctx, current, proposal) : await chooseDuplicate(ctx, current, proposal, choices);
      if (!action) continue;
      plan.actions.push(action);
      if (proposal.kind === 'duplicate') plan.resolved.add(principalIdentity(proposal.arn));
    }
  }
  checkKeepEntriesFound(choices.keepEntries, duplicateNames);
  for (const key of brokenKeys(applyActions(live, plan.actions))) {
    if (choices.edit === false) {
      ctx.output.warn(`${key} does not parse and is left as it is; fix it with 'eks-recover repair' on a terminal or with --from-file.`);
      continue;
    }
    const action = await editKey(ctx, applyActions(live, plan.actions), key);
    if (action) plan.actions.push(action);
  }
  return plan;
}

/** Rejects a `--keep-entry` that names no entry of a duplicate, because ignoring it would keep an entry the user did not choose. */
function checkKeepEntriesFound(keepEntries: readonly string[], duplicateNames: readonly string[]): void {
  const unknown = keepEntries.filter((name) => !duplicateNames.includes(name));
  if (unknown.length === 0) return;
  const known = duplicateNames.length > 0 ? `The duplicate entries are ${duplicateNames.join(', ')}.` : 'aws-auth has no duplicate entries.';
  throw new UsageError('InvalidKeepEntry', `Invalid --keep-entry ${unknown.map((name) => `"${name}"`).join(', ')}: aws-auth has no duplicate entry by that name, so nothing was written.`, {
    hint: `${known} Pass --keep-entry only with the KEY[INDEX] of a duplicate that the findings list.`,
  });
}

async function offerFix(ctx: RunContext, data: AwsAuthData, fix: AutomaticFix): Promise<RepairAction | undefined> {
  const result = fix.apply(data);
  if (!result) return undefined;
  ctx.output.heading(`Fix: ${result.description}`);
  if (ctx.prompter.interactive) printDiff(ctx, data, result.data);
  const accepted = ctx.settings.dryRun && !ctx.prompter.interactive ? true : await ctx.prompter.confirm({ message: 'Apply this fix?', default: true });
  if (!accepted) {
    ctx.output.info('Left as it is.');
    return undefined;
  }
  return { description: result.description, apply: (current) => fix.apply(current)?.data ?? null };
}

async function chooseDuplicate(ctx: RunContext, data: AwsAuthData, choice: DuplicateChoice, choices: RepairChoices): Promise<RepairAction | undefined> {
  // NOTE: indices count in the data after the automatic fixes accepted so far. They match the
  // findings unless a fix moved an entry out of the same key.
  const names = choice.entries.map((entry) => `${entry.key}[${entry.index}]`);
  const merged = mergeDuplicates(data, choice.key, choice.arn);
  ctx.output.heading(`Duplicate: ${choice.finding.message}`);

  let keep: number | 'merge' = names.findIndex((name) => choices.keepEntries.includes(name));
  if (keep < 0 && merged && choices.mergeDuplicates) keep = 'merge';
  if (keep === -1 && ctx.prompter.interactive) {
    const options: { name: string; value: number | 'merge' }[] = choice.entries.map((entry, position) => ({
      name: `keep ${names[position]}: username ${entry.username ?? '(none)'}, groups ${entry.groups.join(', ') || '(none)'}`,
      value: position,
    }));
    if (merged) options.unshift({ name: `merge the entries into ${names.at(-1)}: ${merged.description}`, value: 'merge' });
    keep = await ctx.prompter.select({
      message: `Which entry for ${choice.arn} should stay? The others are removed.`,
      flag: `--keep-entry ${names.at(-1)}${merged ? ' or --merge-duplicates' : ''}`,
      choices: [...options, { name: 'leave all of them as they are', value: -1 }],
    });
  }
  if (keep === -1) {
    const merge = merged ? ', or --merge-duplicates to merge them into the last' : '';
    ctx.output.warn(`Left the entries ${names.join(', ')} as they are; pass --keep-entry with the one to keep (such as --keep-entry ${names.at(-1)})${merge}.`);
    return undefined;
  }

  const position = keep;
  const change = (current: AwsAuthData) => (position === 'merge' ? mergeDuplicates(current, choice.key, choice.arn) : keepOneDuplicate(current, choice.key, choice.arn, position));
  const result = change(data);
  if (!result) return undefined;
  if (ctx.prompter.interactive) printDiff(ctx, data, result.data);
  return { description: result.description, apply: (current) => change(current)?.data ?? null };
}

async function editKey(ctx: RunContext, data: AwsAuthData, key: MapKey): Promise<RepairAction | undefined> {
  const original = data[key] ?? '';
  ctx.output.heading(`${key} does not parse, so EKS reads none of its entries; opening it in your editor.`);
  if (ctx.settings.dryRun) {
    ctx.output.info('Dry run: the editor is not opened.');
    return undefined;
  }
  const edited = await editUntilValid({
    text: original,
    fileName: `${key}.yaml`,
    check: (text) => keyErrors(key, text),
    env: ctx.settings.env,
    flag: '--from-file FILE (the corrected ConfigMap)',
    prompter: ctx.prompter,
    output: ctx.output,
  });
  if (edited === null) {
    throw new StepError('Declined', `Gave up editing ${key}, so nothing was written.`, {
      hint: 'Run eks-recover repair again, or pass --from-file FILE with the corrected ConfigMap.',
    });
  }
  printDiff(ctx, data, { ...data, [key]: edited });
  return {
    description: `${key}: replace the text that does not parse with the edited text`,
    apply: (current) => {
      if ((current[key] ?? '') !== original) {
        throw new StepError('AwsAuthChangedWhileEditing', `Someone changed ${key} while you edited it; nothing was written.`, {
          hint: 'Run eks-recover repair again to edit the current text.',
        });
      }
      return { ...current, [key]: edited };
    },
  };
}

/** Reads and lints the corrected ConfigMap of `--from-file`; throws a UsageError while it has error findings. */
export async function planFromFile(path: string): Promise<RepairPlan> {
  const doc = await readConfigMapFile(path);
  const errors = lintAwsAuth(doc.data).filter((finding) => finding.level === 'error');
  if (errors.length > 0) {
    throw new UsageError('RepairFileInvalid', `${path} still has errors, so nothing was written:\n${errors.map((finding) => describeFinding(finding)).join('\n')}`, {
      hint: `Fix them in ${path} (eks-recover aws-auth lint ${path} shows them) and run the same command again.`,
    });
  }
  return { actions: [{ description: `replace ${Object.keys(doc.data).join(', ')} with the text of ${path}`, apply: (current) => ({ ...current, ...doc.data }) }], resolved: new Set() };
}

/** Lists the error findings of one key's text, one line each without the level, for the editor. */
export function keyErrors(key: MapKey, text: string): string[] {
  return lintAwsAuth({ [key]: text })
    .filter((finding) => finding.level === 'error' && finding.key === key)
    .map((finding) => describeFinding(finding, { level: false }));
}

/** Formats a finding as "error CODE (KEY[INDEX] line N): MESSAGE"; `level: false` leaves out the level. */
export function describeFinding(finding: Finding, options: { level?: boolean } = {}): string {
  const where = [finding.key ?? '', finding.index !== null ? `[${finding.index}]` : '', finding.line !== null ? ` line ${finding.line}` : ''].join('');
  const level = options.level === false ? '' : `${finding.level} `;
  return `${level}${finding.code}${where ? ` (${where.trim()})` : ''}: ${finding.message}`;
}

function brokenKeys(data: AwsAuthData): MapKey[] {
  return lintAwsAuth(data)
    .filter((finding) => finding.code === 'invalid-yaml')
    .map((finding) => finding.key as MapKey);
}

function printDiff(ctx: RunContext, before: AwsAuthData, after: AwsAuthData): void {
  for (const line of diffAwsAuth(before, after)) {
    if (line.startsWith('+')) ctx.output.info(ctx.output.colors.green(line));
    else if (line.startsWith('-')) ctx.output.info(ctx.output.colors.red(line));
    else ctx.output.info(line);
  }
}
