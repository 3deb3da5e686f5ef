import { fileLine, lintAwsAuth, readAwsAuth, type AwsAuthData, type Finding } from '../../aws-auth/index.js';
import type { GlobalOptions } from '../../config/settings.js';
import { Output } from '../../ui/output.js';
import { readConfigMapFile } from './file.js';

/**
 * Lints a ConfigMap file: one finding per line (or one JSON object), exit code 1 on any error
 * finding. A file without findings gets one summary line on stderr, so stdout stays empty.
 */
export async function runLint(file: string, options: GlobalOptions): Promise<void> {
  const output = new Output({ color: options.color !== false, json: options.json === true, verbose: options.verbose === true });
  const doc = await readConfigMapFile(file);
  const findings = lintAwsAuth(doc.data).map((finding) => ({ ...finding, line: fileLine(doc, finding.key, finding.line) }));

  if (options.json) output.printJson({ findings });
  else for (const finding of findings) output.result(formatFinding(finding));
  if (findings.length === 0) output.info(`${file === '-' ? 'standard input' : file}: no findings (${describeCounts(doc.data)})`);
  if (findings.some((finding) => finding.level === 'error')) process.exitCode = 1;
}

/** Formats a finding as `LEVEL CODE KEY[INDEX] (line N): message`. */
export function formatFinding(finding: Finding): string {
  const index = finding.index === null ? '' : `[${finding.index}]`;
  const line = finding.line === null ? '' : ` (line ${finding.line})`;
  return `${finding.level} ${finding.code} ${finding.key ?? '-'}${index}${line}: ${finding.message}`;
}

/** Describes how many entries each mapping key of the data contains, such as `mapRoles 2 entries, mapAccounts 1 account`. */
function describeCounts(data: AwsAuthData): string {
  const reading = readAwsAuth(data);
  const counts: string[] = [];
  for (const key of ['mapRoles', 'mapUsers'] as const) {
    if (data[key] === undefined) continue;
    const entries = reading.entries.filter((entry) => entry.key === key).length;
    counts.push(`${key} ${entries} ${entries === 1 ? 'entry' : 'entries'}`);
  }
  if (data.mapAccounts !== undefined) {
    const accounts = reading.accounts.length;
    counts.push(`mapAccounts ${accounts} ${accounts === 1 ? 'account' : 'accounts'}`);
  }
  return counts.length > 0 ? counts.join(', ') : 'no mapRoles, mapUsers or mapAccounts key';
}
