import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { GLOBAL_OPTION_TABLE, TOKEN_OPTION_TABLE, parseTokenArgs } from '../../src/commands/token-args.js';
import { createProgram } from '../../src/program.js';

function longNames(command: Command): string[] {
  return command.options
    .map((option) => option.long?.replace(/^--/, '') ?? '')
    .filter((name) => name !== 'help' && name !== 'version')
    .sort();
}

describe('token fast-path options', () => {
  it('match the commander program', () => {
    const program = createProgram();
    const token = program.commands.find((command) => command.name() === 'token');

    expect(longNames(program)).toEqual(Object.keys(GLOBAL_OPTION_TABLE).sort());
    expect(token && longNames(token)).toEqual(Object.keys(TOKEN_OPTION_TABLE).sort());
  });

  it('parse global options on both sides of the command', () => {
    const options = parseTokenArgs(['--profile', 'alice', 'token', '--cluster=demo', '--region', 'eu-west-1', '--no-color']);
    expect(options).toMatchObject({ profile: 'alice', cluster: 'demo', region: 'eu-west-1', color: false });
  });

  it.each([
    [['token']],
    [['token', '--cluster', 'demo', '--help']],
    [['token', '--cluster', 'demo', '--unknown']],
    [['token', '--cluster', 'demo', 'extra']],
    [['kubeconfig', '--cluster', 'demo']],
    [['-V', 'token', '--cluster', 'demo']],
  ])('leave %j to commander', (argv) => {
    expect(parseTokenArgs(argv)).toBeUndefined();
  });
});
