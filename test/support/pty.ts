import { spawn, type IPty } from 'node-pty';
import { CLI_ENTRY, isolatedEnv } from './environment.js';

/** The built CLI in a pseudo-terminal, answered the way a person types. */
export class PtySession {
  private buffer = '';
  private readonly exited: Promise<number>;
  readonly pty: IPty;

  constructor(args: readonly string[], env: Record<string, string>) {
    this.pty = spawn(process.execPath, [CLI_ENTRY, ...args], {
      name: 'xterm-256color',
      cols: 160,
      rows: 50,
      env: isolatedEnv({ TERM: 'xterm-256color', ...env }),
    });
    this.pty.onData((data) => (this.buffer += data));
    this.exited = new Promise((resolve) => this.pty.onExit(({ exitCode }) => resolve(exitCode)));
  }

  /** Everything printed so far, without ANSI escapes. */
  get text(): string {
    // eslint-disable-next-line no-control-regex
    return this.buffer.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  }

  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${this.text.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  write(keys: string): void {
    this.pty.write(keys);
  }

  exitCode(): Promise<number> {
    return this.exited;
  }
}

export const KEY = { enter: '\r', down: '\x1b[B', up: '\x1b[A', ctrlC: '\x03' } as const;
