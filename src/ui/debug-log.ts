import { escapeControlCharacters, redactSecrets } from './redact.js';

/** Writes one `--verbose` line (a request, a retry) to stderr. */
export type DebugLog = (line: string) => void;

/** Creates a logger for `--verbose`, or returns undefined without it, so that callers skip building the lines. */
export function createDebugLog(settings: { readonly verbose: boolean }, stream: NodeJS.WritableStream = process.stderr): DebugLog | undefined {
  if (!settings.verbose) return undefined;
  return (line) => stream.write(`${escapeControlCharacters(redactSecrets(`[${new Date().toISOString()}] ${line}`))}\n`);
}
