/** Exit codes of the whole CLI, documented in `--help` and the README. */
export const ExitCode = {
  Success: 0,
  Failure: 1,
  Usage: 2,
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface EksRecoverErrorOptions {
  /** What the user can do next, printed after the message. */
  readonly hint?: string;
  readonly cause?: unknown;
}

/**
 * An error meant for the user: a stable code, one clear sentence, and an exit code.
 * Anything else that reaches the top level is a bug and is reported as one.
 */
export class EksRecoverError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(code: string, message: string, exitCode: ExitCode, options: EksRecoverErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** Invalid usage or input: an unknown option, a bad flag value, a malformed file, an invalid ARN. */
export class UsageError extends EksRecoverError {
  constructor(code: string, message: string, options: EksRecoverErrorOptions = {}) {
    super(code, message, ExitCode.Usage, options);
  }
}

/** A step that failed, or a check that found what it looks for. */
export class StepError extends EksRecoverError {
  constructor(code: string, message: string, options: EksRecoverErrorOptions = {}) {
    super(code, message, ExitCode.Failure, options);
  }
}

/** The user pressed Ctrl+C or declined to go on. */
export class InterruptedError extends EksRecoverError {
  constructor(message = 'Interrupted.', options: EksRecoverErrorOptions = {}) {
    super('Interrupted', message, ExitCode.Interrupted, options);
  }
}

export function isEksRecoverError(error: unknown): error is EksRecoverError {
  return error instanceof EksRecoverError;
}
