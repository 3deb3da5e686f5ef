import { spawnSync } from 'node:child_process';
import { chmod, chown, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupConfigFile, readConfigFile, writeConfigFile } from '../../src/aws-config/config-file.js';
import { REPO_ROOT } from '../support/environment.js';

const NOBODY = 65534;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aws-config-file-'));
  await chmod(dir, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('writeConfigFile', () => {
  it('creates a missing folder 0700 and file 0600', async () => {
    const path = join(dir, 'home1', '.aws', 'config');
    await writeConfigFile(path, '[default]\n', { expectedText: undefined });
    expect(await readFile(path, 'utf8')).toBe('[default]\n');
    expect(await mode(join(dir, 'home1', '.aws'))).toBe(0o700);
    expect(await mode(path)).toBe(0o600);
  });

  it('keeps mode and owner of an existing file', async () => {
    const path = join(dir, 'kept-mode');
    await writeFile(path, 'a\n');
    await chmod(path, 0o640);
    await chown(path, NOBODY, NOBODY);
    await writeConfigFile(path, 'b\n', { expectedText: 'a\n' });
    const info = await stat(path);
    expect(info.mode & 0o777).toBe(0o640);
    expect(info.uid).toBe(NOBODY);
    expect(info.gid).toBe(NOBODY);
  });

  it('writes through a symbolic link', async () => {
    const target = join(dir, 'dotfiles-config');
    const link = join(dir, 'linked-config');
    await writeFile(target, 'a\n');
    await symlink(target, link);
    await writeConfigFile(link, 'b\n', { expectedText: 'a\n' });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(target);
    expect(await readFile(target, 'utf8')).toBe('b\n');
  });

  it('creates the target of a dangling link', async () => {
    const target = join(dir, 'later', 'config');
    const link = join(dir, 'dangling-config');
    await symlink(target, link);
    await writeConfigFile(link, 'b\n', { expectedText: undefined });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('b\n');
  });

  it('rejects a file changed since read', async () => {
    const path = join(dir, 'changed');
    await writeFile(path, 'user edit\n');
    const write = writeConfigFile(path, 'ours\n', { expectedText: 'as read\n' });
    await expect(write).rejects.toMatchObject({ code: 'ConfigFileChanged', exitCode: 1 });
    await expect(write).rejects.toThrow(`${path} changed since eks-recover read it, so nothing was written.`);
    expect(await readFile(path, 'utf8')).toBe('user edit\n');
  });

  it('rejects a file created since read', async () => {
    const path = join(dir, 'created');
    await writeFile(path, 'new\n');
    await expect(writeConfigFile(path, 'ours\n', { expectedText: undefined })).rejects.toMatchObject({
      code: 'ConfigFileChanged',
    });
    expect(await readFile(path, 'utf8')).toBe('new\n');
  });
});

describe('readConfigFile', () => {
  it('reads a missing file as empty', async () => {
    expect(await readConfigFile(join(dir, 'missing'))).toEqual({ text: '', exists: false });
  });

  it('keeps a byte-order mark and CRLF', async () => {
    const path = join(dir, 'bom-crlf');
    await writeFile(path, '\uFEFF[default]\r\n');
    expect((await readConfigFile(path)).text).toBe('\uFEFF[default]\r\n');
  });

  it('rejects a file that is not UTF-8', async () => {
    const path = join(dir, 'latin1');
    await writeFile(path, Buffer.from([0x5b, 0x64, 0xe9, 0x5d, 0x0a]));
    await expect(readConfigFile(path)).rejects.toMatchObject({ code: 'ConfigFileNotUtf8', exitCode: 2 });
  });
});

describe('backupConfigFile', () => {
  it('copies the bytes with mode 0600', async () => {
    const path = join(dir, 'to-back-up');
    await writeFile(path, '[default]\naws_secret_access_key = example\n');
    await chmod(path, 0o644);
    const backupDir = join(dir, 'journal', 'run-1');
    const backup = await backupConfigFile(path, backupDir);
    expect(backup).toBeDefined();
    expect(await readFile(backup!, 'utf8')).toBe('[default]\naws_secret_access_key = example\n');
    expect(await mode(backup!)).toBe(0o600);
    expect(await mode(backupDir)).toBe(0o700);
  });

  it('returns undefined without a file', async () => {
    expect(await backupConfigFile(join(dir, 'none'), join(dir, 'journal'))).toBeUndefined();
  });
});

describe('as an unprivileged user', () => {
  let bundle: string;

  beforeAll(async () => {
    bundle = join(dir, 'config-file.cjs');
    await build({
      entryPoints: [join(REPO_ROOT, 'src/aws-config/config-file.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'silent',
    });
  });

  /** Runs one call of the module as uid/gid 65534 and returns what it printed. */
  function runAsNobody(call: string): { stdout: string; status: number | null } {
    const script = `const m = require(${JSON.stringify(bundle)});
${call}.then(() => console.log('ok'), (e) => { console.log(e.code + ' ' + e.exitCode + ' ' + e.message + ' ' + e.hint); });`;
    const result = spawnSync(
      'setpriv',
      ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', process.execPath, '-e', script],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir } },
    );
    expect(result.stderr).toBe('');
    return { stdout: result.stdout.trim(), status: result.status };
  }

  it('rejects a file it may not write', async () => {
    const path = join(dir, 'root-owned-config');
    await writeFile(path, '[default]\n');
    await chmod(path, 0o644);
    const args = `${JSON.stringify(path)}, '[profile x]\\n', { expectedText: '[default]\\n' }`;
    const { stdout } = runAsNobody(`m.writeConfigFile(${args})`);
    expect(stdout).toContain(`ConfigFileAccess 2 Cannot write ${path}: permission denied (EACCES). Nothing was written.`);
    expect(stdout).toContain('point AWS_CONFIG_FILE at a file you own');
    expect(await readFile(path, 'utf8')).toBe('[default]\n');
  });

  it('rejects a file it may not read', async () => {
    const path = join(dir, 'root-only-config');
    await writeFile(path, '[default]\n');
    await chmod(path, 0o600);
    const { stdout } = runAsNobody(`m.readConfigFile(${JSON.stringify(path)})`);
    expect(stdout).toContain(`ConfigFileAccess 2 Cannot read ${path}: permission denied (EACCES).`);
    expect(stdout).toContain(`chmod u+r ${path}`);
  });

  it('writes a file in a folder it owns', async () => {
    const home = join(dir, 'nobody-home');
    await mkdir(home);
    await chown(home, NOBODY, NOBODY);
    const path = join(home, '.aws', 'config');
    const { stdout } = runAsNobody(`m.writeConfigFile(${JSON.stringify(path)}, '[default]\\n', { expectedText: undefined })`);
    expect(stdout).toBe('ok');
    const info = await stat(path);
    expect(info.uid).toBe(NOBODY);
    expect(info.mode & 0o777).toBe(0o600);
  });
});
