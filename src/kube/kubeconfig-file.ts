import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { StepError, UsageError } from '../errors.js';
import {
  type KubeconfigChange,
  type KubeconfigEntry,
  currentContext,
  hasEntryNamed,
  mergeKubeconfig,
  removeKubeconfigEntry,
  setCurrentContext,
} from './kubeconfig.js';

export interface KubeconfigLocationOptions {
  /** `--kubeconfig`: used alone, as kubectl does. */
  readonly explicitPath?: string;
  /** The KUBECONFIG variable: a list of files separated by the platform's path delimiter. */
  readonly kubeconfigEnv?: string;
  readonly homeDir: string;
}

/** Returns the files kubectl reads, in order: `--kubeconfig`, else KUBECONFIG, else `~/.kube/config`. */
export function kubeconfigFiles(options: KubeconfigLocationOptions): string[] {
  if (options.explicitPath) return [options.explicitPath];
  const fromEnv = [...new Set((options.kubeconfigEnv ?? '').split(delimiter).filter(Boolean))];
  return fromEnv.length > 0 ? fromEnv : [join(options.homeDir, '.kube', 'config')];
}

/**
 * Chooses the file kubectl would change for a new entry (client-go's `GetDefaultFilename`): the
 * only file, else the first file of the list that exists, else the last one. An entry that
 * already exists is changed where it is.
 */
export function chooseKubeconfigFile(files: readonly string[], texts: ReadonlyMap<string, string | undefined>, name: string): string {
  const holder = files.find((file) => hasEntryNamed(texts.get(file), name));
  if (holder) return holder;
  if (files.length === 1) return files[0] as string;
  return files.find((file) => texts.get(file) !== undefined) ?? (files.at(-1) as string);
}

export interface WriteKubeconfigOptions extends KubeconfigLocationOptions {
  readonly entry: KubeconfigEntry;
  readonly force?: boolean;
  readonly setCurrentContext?: boolean;
  /** Compute the result without writing. */
  readonly dryRun?: boolean;
}

export interface WriteKubeconfigResult {
  /** The file that contains the entry. */
  readonly path: string;
  /** The file that contains `current-context`, when `setCurrentContext` changed it elsewhere. */
  readonly currentContextPath: string | undefined;
  readonly changes: KubeconfigChange[];
}

/**
 * Merges an entry into the kubeconfig that kubectl would change, written atomically with mode
 * 0600 (its folder 0700 when created). With several KUBECONFIG files, `current-context` goes to
 * the first file that sets one, because kubectl reads it from there.
 */
export async function writeKubeconfigEntry(options: WriteKubeconfigOptions): Promise<WriteKubeconfigResult> {
  const files = kubeconfigFiles(options);
  const texts = new Map(await Promise.all(files.map(async (file) => [file, await readOptional(file)] as const)));
  const path = chooseKubeconfigFile(files, texts, options.entry.name);
  const contextHolder = options.setCurrentContext
    ? (files.find((file) => currentContext(texts.get(file)) !== undefined) ?? path)
    : path;

  const merged = mergeKubeconfig(texts.get(path), options.entry, {
    force: options.force,
    setCurrentContext: options.setCurrentContext === true && contextHolder === path,
  });
  const changes = [...merged.changes];
  let contextText: string | undefined;
  if (contextHolder !== path) {
    contextText = setCurrentContext(texts.get(contextHolder), options.entry.name);
    changes.push({ section: 'current-context', name: options.entry.name, action: 'updated' });
  }

  if (!options.dryRun) {
    await writeKubeconfigText(path, merged.text);
    if (contextText !== undefined) await writeKubeconfigText(contextHolder, contextText);
  }
  return { path, currentContextPath: contextHolder !== path ? contextHolder : undefined, changes };
}

/** Removes an entry eks-recover wrote (a temporary creator context, say) from one file. */
export async function removeKubeconfigEntryFromFile(path: string, name: string): Promise<KubeconfigChange[]> {
  const text = await readOptional(path);
  if (text === undefined) return [];
  const result = removeKubeconfigEntry(text, name);
  if (result.changes.some((change) => change.action === 'removed')) await writeKubeconfigText(path, result.text);
  return result.changes;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
      throw new UsageError('KubeconfigIsFolder', `${path} is a folder, not a kubeconfig file.`, { hint: 'Pass --kubeconfig with the path of a file (it is created when missing).' });
    }
    throw new StepError('KubeconfigUnreadable', `Cannot read the kubeconfig ${path}: ${(error as Error).message}`, {
      hint: 'Fix its permissions, or choose another file with --kubeconfig PATH.',
    });
  }
}

async function writeKubeconfigText(path: string, text: string): Promise<void> {
  const folder = dirname(path);
  if (!existsSync(folder)) await mkdir(folder, { recursive: true, mode: 0o700 });
  try {
    await writeFileAtomic(path, text, { mode: 0o600 });
  } catch (error) {
    throw new StepError('KubeconfigWriteFailed', `Cannot write the kubeconfig ${path}: ${(error as Error).message}`, {
      cause: error,
      hint: 'Fix the folder permissions, or choose another file with --kubeconfig PATH.',
    });
  }
}
