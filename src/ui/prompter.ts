import { UsageError } from '../errors.js';

export interface Choice<T> {
  readonly name: string;
  readonly value: T;
  readonly description?: string;
}

export interface PromptBase {
  readonly message: string;
  /** The flag that answers this question without a prompt, named in the error when none can be asked. */
  readonly flag: string;
}

/**
 * The one prompt layer. Steps ask through it and never import a prompt library: on a
 * terminal it asks, with `--yes` it confirms, and otherwise a missing answer is a usage
 * error that names the flag.
 */
export interface Prompter {
  readonly interactive: boolean;
  select<T>(question: PromptBase & { readonly choices: ReadonlyArray<Choice<T>> }): Promise<T>;
  input(question: PromptBase & { readonly default?: string; readonly validate?: (value: string) => string | true }): Promise<string>;
  confirm(question: { readonly message: string; readonly default?: boolean }): Promise<boolean>;
}

export interface PrompterOptions {
  readonly interactive: boolean;
  readonly yes: boolean;
}

export function createPrompter(options: PrompterOptions): Prompter {
  const context = { output: process.stderr, clearPromptOnDone: false };
  return {
    interactive: options.interactive,

    async select(question) {
      requireTerminal(options, question);
      const { select } = await import('@inquirer/prompts');
      return select({ message: question.message, choices: question.choices.map((choice) => ({ ...choice })) }, context);
    },

    async input(question) {
      requireTerminal(options, question);
      const { input } = await import('@inquirer/prompts');
      return input(
        {
          message: question.message,
          ...(question.default !== undefined ? { default: question.default } : {}),
          ...(question.validate ? { validate: question.validate } : {}),
        },
        context,
      );
    },

    async confirm(question) {
      if (options.yes) return true;
      if (!options.interactive) {
        throw new UsageError('ConfirmationRequired', `Confirmation needed: ${question.message}`, {
          hint: 'No terminal is attached to standard input: pass --yes to confirm every change, or --dry-run to see the plan.',
        });
      }
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message: question.message, default: question.default ?? false }, context);
    },
  };
}

function requireTerminal(options: PrompterOptions, question: PromptBase): void {
  if (options.interactive) return;
  const reason = options.yes ? 'with --yes nothing is asked' : 'no terminal is attached to standard input';
  throw new UsageError('MissingAnswer', `Missing answer to "${question.message}": ${reason}.`, {
    hint: `Pass ${question.flag}.`,
  });
}
