import { mkdtemp, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';

async function stateDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'eks-recover-journal-'));
}

describe('Journal', () => {
  it('writes pending then done, privately', async () => {
    const dir = await stateDir();
    const journal = await Journal.create(dir, 'recover', { region: 'eu-west-1' });
    const entry = await journal.begin('iam-group', { groupName: 'eks-recover-demo-1' });
    const pending = JSON.parse(await readFile(join(journal.dir, 'journal.json'), 'utf8'));
    expect(pending.entries[0].status).toBe('pending');

    await journal.complete(entry);
    const done = JSON.parse(await readFile(join(journal.dir, 'journal.json'), 'utf8'));
    expect(done.entries[0].status).toBe('done');
    expect((await stat(join(journal.dir, 'journal.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(journal.dir)).mode & 0o777).toBe(0o700);
  });

  it('lists temporary changes newest first and skips lasting ones', async () => {
    const journal = await Journal.create(await stateDir(), 'recover', {});
    await journal.begin('iam-group', { groupName: 'g' });
    await journal.begin('aws-auth-mapping', { arn: 'arn:aws:iam::111122223333:user/alice' });
    await journal.begin('aws-config-profile', { name: 'eks-temp' });
    expect(journal.pendingUndo().map((entry) => entry.kind)).toEqual(['aws-config-profile', 'iam-group']);
  });

  it('writes nothing in a dry run', async () => {
    const dir = await stateDir();
    const journal = await Journal.create(dir, 'recover', {}, { dryRun: true });
    await journal.begin('iam-group', { groupName: 'g' });
    const { journals } = await Journal.loadAll(dir);
    expect(journals).toHaveLength(0);
  });

  it('reports a journal edited into invalid JSON', async () => {
    const dir = await stateDir();
    await mkdir(join(dir, 'runs', 'broken'), { recursive: true });
    await writeFile(join(dir, 'runs', 'broken', 'journal.json'), '{"version": 1, "runId": ');
    const { journals, invalid } = await Journal.loadAll(dir);
    expect(journals).toHaveLength(0);
    expect(invalid[0]?.error).toMatch(/journal\.json cannot be used: it is not valid JSON/);
  });

  it('reports an entry without a status', async () => {
    const dir = await stateDir();
    await mkdir(join(dir, 'runs', 'edited'), { recursive: true });
    await writeFile(join(dir, 'runs', 'edited', 'journal.json'), JSON.stringify({ version: 1, runId: 'x', entries: [{ kind: 'iam-group', data: {} }] }));
    const { invalid } = await Journal.loadAll(dir);
    expect(invalid[0]?.error).toMatch(/entry 1 has an unknown kind, or lacks a status or data/);
  });
});

describe('Journal checks for cleanup', () => {
  it('reports a profile entry without the text it added', async () => {
    const dir = await stateDir();
    await mkdir(join(dir, 'runs', 'edited'), { recursive: true });
    const entry = { id: 1, kind: 'aws-config-profile', status: 'done', data: { path: '/tmp/config', name: 'eks-temp' } };
    await writeFile(join(dir, 'runs', 'edited', 'journal.json'), JSON.stringify({ version: 1, runId: 'x', entries: [entry] }));
    const { invalid } = await Journal.loadAll(dir);
    expect(invalid[0]?.error).toMatch(/entry 1 \(aws-config-profile\) lacks the file path or the exact section text it added/);
  });

  it('knows its own run is not another live run', async () => {
    const journal = await Journal.create(await stateDir(), 'recover', {});
    await journal.begin('iam-group', { groupName: 'eks-recover-demo-1' });
    expect(journal.liveOwnerPid()).toBeUndefined();
  });

  it('finds a live run of another process', async () => {
    const dir = await stateDir();
    await mkdir(join(dir, 'runs', 'live'), { recursive: true });
    const file = { version: 1, runId: 'live', owner: { pid: process.ppid, host: hostname() }, context: {}, entries: [] };
    await writeFile(join(dir, 'runs', 'live', 'journal.json'), JSON.stringify(file));
    const { journals } = await Journal.loadAll(dir);
    expect(journals[0]?.liveOwnerPid()).toBe(process.ppid);
  });
});
