import { fileLine, lintAwsAuth, type Finding } from '../../aws-auth/index.js';
import type { GlobalOptions } from '../../config/settings.js';
import { Output } from '../../ui/output.js';
import { readConfigMapFile } from './file.js';

/** Lints a ConfigMap file: one finding per line (or one JSON object), exit code 1 on any error finding. */
export async function runLint(file: string, options: GlobalOptions): Promise<void> {
  const output = new Output({ color: options.color !== false, json: options.json === true, verbose: options.verbose === true });
  const doc = await readConfigMapFile(file);
  const findings = lintAwsAuth(doc.data).map((finding) => ({ ...finding, line: fileLine(doc, finding.key, finding.line) }));

  if (options.json) output.printJson({ findings });
  else for (const finding of findings) output.result(formatFinding(finding));
  if (findings.some((finding) => finding.level === 'error')) process.exitCode = 1;
}

/** Formats a finding as `LEVEL CODE KEY[INDEX] (line N): message`. */
export function formatFinding(finding: Finding): string {
  const index = finding.index === null ? '' : `[${finding.index}]`;
  const line = finding.line === null ? '' : ` (line ${finding.line})`;
  return `${finding.level} ${finding.code} ${finding.key ?? '-'}${index}${line}: ${finding.message}`;
}
