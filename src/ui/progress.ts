import type { Output } from './output.js';

export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

/**
 * Shows a wait: a spinner on a terminal, one plain line per update otherwise (so CI logs
 * show what the tool waited for), and nothing on stdout.
 */
export async function startProgress(output: Output, text: string): Promise<Progress> {
  const stderr = output.stderr as NodeJS.WriteStream;
  if (stderr.isTTY === true && !output.json) {
    const { default: ora } = await import('ora');
    const spinner = ora({ text, stream: stderr }).start();
    return {
      update: (next) => {
        spinner.text = next;
      },
      succeed: (done) => spinner.succeed(done),
      fail: (failed) => spinner.fail(failed),
    };
  }
  output.info(`… ${text}`);
  let last = text;
  return {
    update: (next) => {
      if (next !== last) output.info(`… ${next}`);
      last = next;
    },
    succeed: (done) => output.success(done),
    fail: (failed) => output.failure(failed),
  };
}
