import type { AwsClients } from '../aws/clients.js';
import type { Journal } from '../journal/journal.js';
import type { JournalEntry } from '../journal/types.js';
import type { Output } from '../ui/output.js';
import { undoGrantEntry } from './grant-assume-role.js';
import { undoTempProfile } from './temp-profile.js';

export interface UndoResult {
  readonly removed: string[];
  readonly failed: Array<{ readonly entry: JournalEntry; readonly message: string }>;
}

export type UndoHandler = (entry: JournalEntry, clients: () => Promise<AwsClients>) => Promise<string>;

/** The undo handler of each temporary kind. Lasting results (aws-auth mappings, access entries) have none on purpose. */
const HANDLERS: Partial<Record<JournalEntry['kind'], UndoHandler>> = {
  'iam-group-membership': async (entry, clients) => undoGrantEntry(await (await clients()).iam(), entry),
  'iam-group-policy': async (entry, clients) => undoGrantEntry(await (await clients()).iam(), entry),
  'iam-group': async (entry, clients) => undoGrantEntry(await (await clients()).iam(), entry),
  'aws-config-profile': async (entry) => undoTempProfile(entry),
};

export function registerUndoHandler(kind: JournalEntry['kind'], handler: UndoHandler): void {
  HANDLERS[kind] = handler;
}

/**
 * Undoes the journal's temporary changes, newest first. Something already gone counts as
 * undone; a failure is reported and the rest still run, so one stuck resource never hides
 * the others. Each entry is marked in the journal as soon as it is undone.
 */
export async function undoTemporaryChanges(journal: Journal, clients: () => Promise<AwsClients>, output: Output): Promise<UndoResult> {
  const removed: string[] = [];
  const failed: Array<{ entry: JournalEntry; message: string }> = [];
  for (const entry of journal.pendingUndo()) {
    const handler = HANDLERS[entry.kind];
    if (!handler) continue;
    try {
      const description = await handler(entry, clients);
      await journal.markUndone(entry, description);
      removed.push(description);
      output.success(description.charAt(0).toUpperCase() + description.slice(1));
    } catch (error) {
      const message = (error as Error).message;
      failed.push({ entry, message });
      output.error(`Could not undo ${entry.kind} ${JSON.stringify(entry.data.groupName ?? entry.data.name ?? '')}: ${message}`);
    }
  }
  if (failed.length === 0 && journal.pendingUndo().length === 0 && !journal.finished) await journal.finish();
  return { removed, failed };
}

/** Describes, one line each, the temporary resources that may still exist, for messages after a failure or Ctrl+C. */
export function describeLeftovers(journal: Journal): string[] {
  return journal.pendingUndo().map((entry) => {
    const data = entry.data;
    switch (entry.kind) {
      case 'iam-group':
        return `IAM group ${String(data.path ?? '')}${String(data.groupName)}`;
      case 'iam-group-policy':
        return `inline policy ${String(data.policyName)} of group ${String(data.groupName)}`;
      case 'iam-group-membership':
        return `membership of ${String(data.userName)} in group ${String(data.groupName)}`;
      case 'aws-config-profile':
        return `profile ${String(data.name)} in ${String(data.path)}`;
      default:
        return `${entry.kind} ${JSON.stringify(data.name ?? data.contextName ?? '')}`;
    }
  });
}
