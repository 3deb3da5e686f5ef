import type { Writable } from 'node:stream';
import { Chalk, type ChalkInstance } from 'chalk';
import { escapeControlCharacters, redactSecrets } from './redact.js';

export interface OutputOptions {
  readonly color: boolean;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

/**
 * The one place that writes to the terminal. Results and `--json` go to stdout; progress,
 * warnings, prompts and errors go to stderr. Every line passes through secret redaction.
 */
export class Output {
  readonly colors: ChalkInstance;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly stdout: Writable;
  readonly stderr: Writable;

  constructor(options: OutputOptions) {
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    const stderrIsTty = (this.stderr as { isTTY?: boolean }).isTTY === true;
    this.colors = new Chalk({ level: options.color && stderrIsTty ? 1 : 0 });
    this.json = options.json;
    this.verbose = options.verbose;
  }

  /** Writes a result line on stdout, except under `--json`, where `printJson` carries the result. */
  result(text: string): void {
    if (!this.json) this.stdout.write(`${escapeControlCharacters(redactSecrets(text))}\n`);
  }

  /** Raw text on stdout, such as a rendered ConfigMap; never suppressed. */
  raw(text: string): void {
    this.stdout.write(redactSecrets(text));
  }

  printJson(value: unknown): void {
    this.stdout.write(`${redactSecrets(JSON.stringify(value, null, 2))}\n`);
  }

  heading(text: string): void {
    this.writeErr(`\n${this.colors.bold(text)}`);
  }

  info(text: string): void {
    this.writeErr(text);
  }

  success(text: string): void {
    this.writeErr(`${this.colors.green('✔')} ${text}`);
  }

  /** Marks a step that did not succeed; the error itself is printed by the top level. */
  failure(text: string): void {
    this.writeErr(`${this.colors.red('✖')} ${text}`);
  }

  warn(text: string): void {
    this.writeErr(`${this.colors.yellow('warning:')} ${text}`);
  }

  error(text: string): void {
    this.writeErr(`${this.colors.red('error:')} ${text}`);
  }

  debug(text: string): void {
    if (this.verbose) this.writeErr(this.colors.dim(`[${new Date().toISOString()}] ${text}`));
  }

  private writeErr(text: string): void {
    this.stderr.write(`${escapeControlCharacters(redactSecrets(text))}\n`);
  }
}

/** One change of a plan, as `--dry-run` and the confirmation show it. */
export interface PlanItem {
  readonly title: string;
  readonly details: readonly string[];
}

/** Prints plan items as a bulleted list with their details indented. */
export function printPlan(output: Output, items: readonly PlanItem[]): void {
  for (const item of items) {
    output.info(`• ${item.title}`);
    for (const line of item.details) output.info(`    ${line}`);
  }
}
