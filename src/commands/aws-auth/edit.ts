import { addMapping, fileLine, removeMapping, renderConfigMapDocument, type AwsAuthData, type ConfigMapDocument, type Finding } from '../../aws-auth/index.js';
import type { GlobalOptions } from '../../config/settings.js';
import { StepError, UsageError } from '../../errors.js';
import { Output } from '../../ui/output.js';
import { readConfigMapFile, writeInPlace } from './file.js';

export interface AddOptions extends GlobalOptions {
  readonly arn?: string;
  readonly account?: string;
  readonly username?: string;
  readonly group?: string[];
  readonly inPlace?: boolean;
}

export interface RemoveOptions extends GlobalOptions {
  readonly arn: string;
  readonly inPlace?: boolean;
}

/** Adds a mapping to a ConfigMap file and prints the result, or writes it back with `--in-place`. */
export async function runAdd(file: string, options: AddOptions): Promise<void> {
  checkPrincipalOptions(options);
  checkInPlace(file, options);
  const output = createOutput(options);
  const doc = await readConfigMapFile(file);
  const result = addMapping(doc.data, {
    arn: options.arn?.trim(),
    account: options.account?.trim(),
    username: options.username,
    groups: options.group,
  });

  for (const warning of result.warnings) output.warn(warning);
  for (const finding of result.untouchedErrors) output.warn(untouchedErrorWarning(file, doc, finding));
  if (!result.changed) output.info(`${result.key} already holds this mapping; nothing changed.`);
  await emit(file, doc, result.changed ? result.data : doc.data, options, output);
}

/** Removes every entry for an ARN from a ConfigMap file. Throws a StepError when there is none. */
export async function runRemove(file: string, options: RemoveOptions): Promise<void> {
  checkInPlace(file, options);
  const output = createOutput(options);
  const doc = await readConfigMapFile(file);
  const result = removeMapping(doc.data, options.arn.trim());
  if (result.removed === 0) {
    throw new StepError('MappingNotFound', `No aws-auth entry maps ${options.arn.trim()}; nothing was changed.`, {
      hint: 'Run eks-recover aws-auth lint FILE to see the entries and how they are written.',
    });
  }
  output.info(`Removed ${result.removed} ${result.removed === 1 ? 'entry' : 'entries'}.`);
  await emit(file, doc, result.data, options, output);
}

async function emit(file: string, doc: ConfigMapDocument, data: AwsAuthData, options: { inPlace?: boolean; dryRun?: boolean }, output: Output): Promise<void> {
  const text = renderConfigMapDocument(doc, data);
  checkSize(file, data);
  if (!options.inPlace || options.dryRun) {
    output.raw(text);
    return;
  }
  if (text === doc.text) return;
  const backup = await writeInPlace(file, text);
  output.success(`Wrote ${file}; the previous version is saved as ${backup}.`);
}

function untouchedErrorWarning(file: string, doc: ConfigMapDocument, finding: Finding): string {
  const line = fileLine(doc, finding.key, finding.line);
  const where = line === null ? '' : ` at line ${line}`;
  return `${finding.key ?? 'data'} is left as it is and has an error${where}: ${finding.message}. Run eks-recover aws-auth lint ${file} to see every problem.`;
}

function checkPrincipalOptions(options: AddOptions): void {
  if ((options.arn === undefined) === (options.account === undefined)) {
    throw new UsageError('MissingPrincipal', 'Give exactly one of --arn ARN or --account ID.', {
      hint: 'For example: eks-recover aws-auth add aws-auth.yaml --arn arn:aws:iam::111122223333:role/admin',
    });
  }
  if (options.account !== undefined && (options.username !== undefined || options.group !== undefined)) {
    throw new UsageError('InvalidOption', 'Invalid option: --username and --group apply to --arn only, because mapAccounts contains bare account IDs.');
  }
}

function checkInPlace(file: string, options: { inPlace?: boolean }): void {
  if (options.inPlace && file === '-') {
    throw new UsageError('InvalidOption', '--in-place needs a file path, not - (standard input).', { hint: 'Drop --in-place to print the result on stdout.' });
  }
}

function createOutput(options: GlobalOptions): Output {
  return new Output({ color: options.color !== false, json: false, verbose: options.verbose === true });
}

/** The API server rejects a ConfigMap whose data values add up to more than 1 MiB (ValidateConfigMap in k8s.io/kubernetes pkg/apis/core/validation, `MaxSecretSize`). */
const MAX_CONFIGMAP_DATA_BYTES = 1024 * 1024;

function checkSize(file: string, data: AwsAuthData): void {
  const bytes = Object.values(data).reduce((sum, value) => sum + Buffer.byteLength(value), 0);
  if (bytes > MAX_CONFIGMAP_DATA_BYTES) {
    throw new UsageError('ConfigMapTooLarge', `The updated ${file} would hold ${bytes} bytes of data, over the 1 MiB (${MAX_CONFIGMAP_DATA_BYTES} bytes) limit of a ConfigMap, so the API server would reject it; nothing was written.`, {
      hint: 'Remove stale entries first (eks-recover aws-auth remove FILE --arn ARN), or map a role that several users share.',
    });
  }
}
