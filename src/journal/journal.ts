import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, mkdir, readFile, readdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { UsageError } from '../errors.js';
import { type JournalEntry, type JournalFile, RESOURCE_KINDS, type ResourceKind, TEMPORARY_KINDS } from './types.js';

const JOURNAL_NAME = 'journal.json';

/** Returns a short id that makes the resource names of one run unique and easy to match to its journal. */
export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

/**
 * The record of one run's changes. Each change is written as `pending` before it is made
 * and as `done` after, atomically, mode 0600 in a 0700 folder, so a crash at any point
 * leaves enough for `eks-recover cleanup`.
 */
export class Journal {
  private constructor(
    readonly dir: string,
    private readonly file: JournalFile,
    private readonly dryRun: boolean,
  ) {}

  static async create(
    stateDir: string,
    command: string,
    context: JournalFile['context'],
    options: { dryRun?: boolean; runId?: string } = {},
  ): Promise<Journal> {
    const runId = options.runId ?? newRunId();
    const dir = join(stateDir, 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${runId}`);
    const file: JournalFile = {
      version: 1,
      runId,
      command,
      startedAt: new Date().toISOString(),
      owner: { pid: process.pid, host: hostname() },
      context,
      entries: [],
    };
    const journal = new Journal(dir, file, options.dryRun === true);
    return journal;
  }

  static async load(dir: string): Promise<Journal> {
    const path = join(dir, JOURNAL_NAME);
    const text = await readFile(path, 'utf8');
    return new Journal(dir, parseJournal(text, path), false);
  }

  /** Every journal under the state folder, oldest first; unreadable ones are reported, not skipped silently. */
  static async loadAll(stateDir: string): Promise<{ journals: Journal[]; invalid: Array<{ dir: string; error: string }> }> {
    const runsDir = join(stateDir, 'runs');
    let names: string[];
    try {
      names = (await readdir(runsDir)).sort();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { journals: [], invalid: [] };
      if (code === 'ENOTDIR' || code === 'EACCES') {
        throw new UsageError('StateDirUnusable', `Cannot read the state folder ${stateDir}: ${code === 'ENOTDIR' ? 'a file is in the way' : 'permission denied'}.`, {
          hint: 'Pass --state-dir (or EKS_RECOVER_STATE_DIR) with the folder where eks-recover keeps its journals.',
        });
      }
      throw error;
    }
    const journals: Journal[] = [];
    const invalid: Array<{ dir: string; error: string }> = [];
    for (const name of names) {
      const dir = join(runsDir, name);
      try {
        journals.push(await Journal.load(dir));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') continue;
        invalid.push({ dir, error: (error as Error).message });
      }
    }
    return { journals, invalid };
  }

  get runId(): string {
    return this.file.runId;
  }

  get context(): JournalFile['context'] {
    return this.file.context;
  }

  get entries(): readonly JournalEntry[] {
    return this.file.entries;
  }

  get finished(): boolean {
    return this.file.finishedAt !== undefined;
  }

  /** Returns the process id of the run when it is still going on this machine, else undefined. */
  liveOwnerPid(): number | undefined {
    const owner = this.file.owner;
    if (this.finished || !owner || owner.host !== hostname() || owner.pid === process.pid) return undefined;
    try {
      process.kill(owner.pid, 0);
      return owner.pid;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM' ? owner.pid : undefined;
    }
  }

  /** Records facts about the run; they reach the disk with the first entry, so a run that changes nothing leaves no journal. */
  async updateContext(context: Partial<JournalFile['context']>): Promise<void> {
    Object.assign(this.file.context, context);
    if (this.file.entries.length > 0) await this.save();
  }

  /** Records a change that is about to be made; call `complete` once it has been. */
  async begin(kind: ResourceKind, data: Record<string, unknown>): Promise<JournalEntry> {
    const now = new Date().toISOString();
    const entry: JournalEntry = {
      id: this.file.entries.length + 1,
      kind,
      temporary: TEMPORARY_KINDS.has(kind),
      status: 'pending',
      data,
      createdAt: now,
      updatedAt: now,
    };
    this.file.entries.push(entry);
    await this.save();
    return entry;
  }

  async complete(entry: JournalEntry, data: Record<string, unknown> = {}): Promise<void> {
    entry.status = 'done';
    entry.data = { ...entry.data, ...data };
    entry.updatedAt = new Date().toISOString();
    await this.save();
  }

  async markUndone(entry: JournalEntry, note?: string): Promise<void> {
    entry.status = 'undone';
    if (note) entry.data = { ...entry.data, undoNote: note };
    entry.updatedAt = new Date().toISOString();
    await this.save();
  }

  /** Temporary changes that may still exist, newest first: the order in which to undo them. */
  pendingUndo(): JournalEntry[] {
    return this.file.entries.filter((entry) => TEMPORARY_KINDS.has(entry.kind) && entry.status !== 'undone').reverse();
  }

  async finish(): Promise<void> {
    this.file.finishedAt = new Date().toISOString();
    await this.save();
  }

  /** Returns a path in this run's folder for a backup, creating the folder with mode 0700. */
  async backupPath(name: string): Promise<string> {
    await ensurePrivateDir(this.dir);
    return join(this.dir, name);
  }

  async writePrivateFile(name: string, content: string): Promise<string> {
    const path = await this.backupPath(name);
    if (!this.dryRun) await writeFileAtomic(path, content, { mode: 0o600 });
    return path;
  }

  private async save(): Promise<void> {
    if (this.dryRun) return;
    await ensurePrivateDir(this.dir);
    await writeFileAtomic(join(this.dir, JOURNAL_NAME), `${JSON.stringify(this.file, null, 2)}\n`, { mode: 0o600 });
  }
}

/** Throws a usage error naming --state-dir unless the state folder can be created and written. */
export async function assertStateDirUsable(stateDir: string): Promise<void> {
  try {
    await ensurePrivateDir(stateDir);
    await access(stateDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    let reason = (error as Error).message;
    if (code === 'ENOTDIR' || code === 'EEXIST') reason = 'a file is in the way';
    if (code === 'EACCES' || code === 'EPERM') reason = 'permission denied';
    throw new UsageError('StateDirUnusable', `Cannot use the state folder ${stateDir}: ${reason}.`, {
      hint: 'Pass --state-dir with a folder you can write (the journal and backups go there), or set EKS_RECOVER_STATE_DIR.',
    });
  }
}

export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

function parseJournal(text: string, path: string): JournalFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidJournal(path, `it is not valid JSON (${(error as Error).message})`);
  }
  const file = value as Partial<JournalFile>;
  if (typeof file !== 'object' || file === null || file.version !== 1 || typeof file.runId !== 'string') {
    throw invalidJournal(path, 'it lacks "version": 1 or a "runId"');
  }
  if (!Array.isArray(file.entries)) throw invalidJournal(path, '"entries" is not a list');
  for (const [index, entry] of file.entries.entries()) {
    const valid =
      typeof entry === 'object' &&
      entry !== null &&
      RESOURCE_KINDS.has(entry.kind) &&
      ['pending', 'done', 'undone'].includes(entry.status) &&
      typeof entry.data === 'object' &&
      entry.data !== null;
    if (!valid) throw invalidJournal(path, `entry ${index + 1} has an unknown kind, or lacks a status or data`);
    const problem = entryDataProblem(entry.kind, entry.data as Record<string, unknown>);
    if (problem) throw invalidJournal(path, `entry ${index + 1} (${entry.kind}) ${problem}`);
  }
  return { ...file, context: file.context ?? {} } as JournalFile;
}

/** Describes what is wrong with the data of an entry that cleanup would act on, or returns undefined. */
function entryDataProblem(kind: string, data: Record<string, unknown>): string | undefined {
  const isText = (value: unknown) => typeof value === 'string' && value.length > 0;
  if (kind.startsWith('iam-group')) {
    if (!isText(data.groupName)) return 'names no group';
    if (kind === 'iam-group-membership' && !isText(data.userName)) return 'names no user';
    if (kind === 'iam-group-policy' && !isText(data.policyName)) return 'names no policy';
  }
  if (kind === 'aws-config-profile') {
    const added = data.added as Record<string, unknown> | undefined;
    const validAdded = added && isText(added.name) && isText(added.text) && typeof added.offset === 'number' && typeof added.separator === 'string';
    if (!isText(data.path) || !validAdded) return 'lacks the file path or the exact section text it added';
  }
  return undefined;
}

function invalidJournal(path: string, reason: string): UsageError {
  return new UsageError('InvalidJournal', `The journal ${path} cannot be used: ${reason}.`, {
    hint: 'Restore it from a copy, or remove the temporary resources it names by hand (see the README).',
  });
}
