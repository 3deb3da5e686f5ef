import { type GlobalOptions, resolveSettings, type Settings } from '../config/settings.js';
import { Output } from '../ui/output.js';
import { createPrompter, type Prompter } from '../ui/prompter.js';

/** What every command gets: settings from flags and environment, the output, the prompt layer. */
export interface CommandRuntime {
  readonly settings: Settings;
  readonly output: Output;
  readonly prompter: Prompter;
}

export function createRuntime(options: GlobalOptions): CommandRuntime {
  const settings = resolveSettings(options);
  const output = new Output({ color: settings.color, json: settings.json, verbose: settings.verbose });
  const prompter = createPrompter({ interactive: settings.interactive, yes: settings.yes });
  return { settings, output, prompter };
}
