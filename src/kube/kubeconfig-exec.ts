import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export interface PathLookup {
  /** The PATH of this run, taken as the one kubectl searches later. */
  readonly path: string | undefined;
  /** PATHEXT on Windows, where a program is found with one of these extensions. */
  readonly pathExt?: string | undefined;
  readonly platform?: NodeJS.Platform;
}

/**
 * Searches the PATH folders for an executable file named `program`, as kubectl does when it
 * runs an exec plugin. Returns its full path, or undefined when no folder has one.
 */
export async function findOnPath(program: string, lookup: PathLookup): Promise<string | undefined> {
  const platform = lookup.platform ?? process.platform;
  const separator = platform === 'win32' ? ';' : delimiter;
  const extensions = platform === 'win32' ? ['', ...(lookup.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  for (const folder of (lookup.path ?? '').split(separator)) {
    // An empty PATH entry means the folder kubectl is started in later, which may differ from this one.
    if (!folder) continue;
    for (const extension of extensions) {
      const candidate = join(folder, `${program}${extension}`);
      if (await isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

async function isExecutableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    if (platform !== 'win32') await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns a warning when kubectl will not find the exec plugin that the kubeconfig entry
 * names, with the ways to fix it, or undefined when the program is on PATH. The entry keeps
 * the bare program name either way, so it still works after the program is installed.
 */
export async function missingExecWarning(exec: 'eks-recover' | 'aws', lookup: PathLookup): Promise<string | undefined> {
  if (await findOnPath(exec, lookup)) return undefined;
  const fixes =
    exec === 'eks-recover'
      ? 'Install it with "npm install -g eks-recover", or write the entry with --exec aws to use the AWS CLI'
      : 'Install the AWS CLI version 2, or write the entry with --exec eks-recover';
  return `${exec} is not on your PATH, so kubectl cannot run it to get a token for this context. ${fixes}.`;
}
