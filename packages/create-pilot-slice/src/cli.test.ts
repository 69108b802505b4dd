import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from './cli.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-test-'));
  made.push(dir);
  return dir;
}

const layer = (id: string, kind: string) => JSON.stringify({ id, kind, version: '0.1.0', description: `${id} layer` });

/** A template set whose base layer names a file after the description: the way a hostile or careless template escapes. */
async function templatesWithPathFromAnswer(): Promise<string> {
  const root = await tempDir();
  const files: Record<string, string> = {
    'base/layer.json': layer('base', 'base'),
    'base/files/notes/{{description}}.md': 'x',
    'use-cases/classify/layer.json': layer('classify', 'use-case'),
    'connectors/sqlite/layer.json': layer('sqlite', 'connector'),
    'auth/api-key/layer.json': layer('api-key', 'auth'),
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

async function run(argv: string[], cwd: string, templates: string, env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await main(argv, { stdout, stderr, stdinIsTTY: false, env: { NO_COLOR: '1', PILOT_SLICE_CACHE_DIR: join(cwd, '.cache'), ...env }, cwd, templates }, new AbortController().signal);
  return { code, out, err };
}

describe('main', () => {
  it('refuses a rendered path that escapes the target: exit 2, one line, nothing written', async () => {
    const cwd = await tempDir();
    const templates = await templatesWithPathFromAnswer();
    const result = await run(['p', '--owner', '@acme/ai', '--no-install', '--no-git', '--description', '../../../escaped'], cwd, templates);
    expect(result.code).toBe(2);
    expect(result.err.trim().split('\n')).toEqual([
      expect.stringContaining('base/files/notes/{{description}}.md renders to "notes/../../../escaped.md", which is not a plain path inside the pilot'),
    ]);
    expect(await readdir(cwd)).toEqual([]);
    expect(await readdir(dirname(cwd))).not.toContain('escaped.md');
  });

  it('writes a path rendered from an answer when it stays inside', async () => {
    const cwd = await tempDir();
    const result = await run(['p', '--owner', '@acme/ai', '--no-install', '--no-git', '--description', 'plan'], cwd, await templatesWithPathFromAnswer());
    expect(result.code).toBe(0);
    expect(await readdir(join(cwd, 'p/notes'))).toEqual(['plan.md']);
  });

  it('reports a broken manifest as bad input naming the file', async () => {
    const templates = await templatesWithPathFromAnswer();
    await writeFile(join(templates, 'auth/api-key/layer.json'), '{"id":"api-key"}');
    const result = await run(['list'], await tempDir(), templates);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/auth\/api-key\/layer\.json: kind: kind must be one of/);
  });

  it('prints the version and exits 0', async () => {
    const result = await run(['--version'], await tempDir(), await templatesWithPathFromAnswer());
    expect(result).toMatchObject({ code: 0, out: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });

  it('records the team’s labels and decision date in provenance', async () => {
    const cwd = await tempDir();
    const args = ['p', '--owner', '@acme/ai', '--no-install', '--no-git', '--description', 'plan', '--labels', 'refund,shipping,other', '--decision-date', '2099-01-31'];
    const result = await run(args, cwd, await templatesWithPathFromAnswer());
    expect(result.code, result.err).toBe(0);
    const provenance = JSON.parse(await readFile(join(cwd, 'p/.pilot-slice.json'), 'utf8'));
    expect(provenance.answers).toMatchObject({ useCase: 'classify', labels: ['refund', 'shipping', 'other'], decisionDate: '2099-01-31' });
  });

  it.each([
    [['--labels', 'refund'], '--labels: needs at least 2 values'],
    [['--use-case', 'triage', '--labels', 'a,b'], 'labels is for the classify use case, not triage'],
    [['--decision-date', '2001-01-01'], 'decisionDate: 2001-01-01 is in the past'],
    [['--fields', 'total:money'], '--fields: each type must be one of string, number, date, boolean'],
  ])('refuses %j in one line with exit 2 and writes nothing', async (extra, reason) => {
    const cwd = await tempDir();
    const result = await run(['p', '--owner', '@acme/ai', '--no-install', '--no-git', ...extra], cwd, await templatesWithPathFromAnswer());
    expect(result.code).toBe(2);
    expect(result.err.trim().split('\n')).toEqual([expect.stringContaining(reason)]);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('check rolls back an update a kill -9 left half-applied before it reads the pilot', async () => {
    const cwd = await tempDir();
    const templates = await templatesWithPathFromAnswer();
    const env = { PILOT_SLICE_CACHE_DIR: join(cwd, 'cache') };
    expect((await run(['p', '--owner', '@acme/ai', '--no-install', '--no-git', '--description', 'plan'], cwd, templates)).code).toBe(0);
    const pilot = join(cwd, 'p');
    const provenance = await readFile(join(pilot, '.pilot-slice.json'), 'utf8');
    // What applyUpdate leaves when killed after moving notes/plan.md aside and the new one in:
    // the journal, the backup, and the new file in place; the provenance file not yet moved.
    const work = join(pilot, '.pilot-slice-update');
    await mkdir(join(work, 'backup'), { recursive: true });
    await mkdir(join(work, 'staged'), { recursive: true });
    await writeFile(join(work, 'backup/0'), 'x');
    await writeFile(join(pilot, 'notes/plan.md'), 'half-updated');
    await writeFile(join(work, 'staged/1'), '{"new": true}');
    await writeFile(join(work, 'journal.json'), JSON.stringify({ pid: 2 ** 22 + 7, ops: [{ path: 'notes/plan.md', staged: 'staged/0', backup: 'backup/0' }, { path: '.pilot-slice.json', staged: 'staged/1', backup: 'backup/1' }] }));
    const result = await run(['check', 'p'], cwd, templates, env);
    expect(result.err).toContain('an earlier update was interrupted; rolled it back (1 file restored)');
    expect(result.code).toBe(0);
    expect(await readFile(join(pilot, 'notes/plan.md'), 'utf8')).toBe('x');
    expect(await readFile(join(pilot, '.pilot-slice.json'), 'utf8')).toBe(provenance);
    expect(await readdir(pilot)).not.toContain('.pilot-slice-update');
  });

  it('update refuses a bad --set with exit 2 and one line, leaving the pilot as it was', async () => {
    const cwd = await tempDir();
    const templates = await templatesWithPathFromAnswer();
    expect((await run(['p', '--owner', '@acme/ai', '--no-install', '--no-git'], cwd, templates)).code).toBe(0);
    const before = await readFile(join(cwd, 'p/.pilot-slice.json'), 'utf8');
    for (const [pair, reason] of [
      ['colour=blue', '--set colour: not a known answer'],
      ['owner=acme', '--set owner: owner must be a GitHub team or user handle'],
      ['owner', '--set owner: expected key=value'],
      ['name=other', '--set name: the name is the pilot'],
    ]) {
      const result = await run(['update', 'p', '--set', pair as string], cwd, templates);
      expect(result.code, pair).toBe(2);
      expect(result.err.trim().split('\n'), pair).toEqual([expect.stringContaining(reason as string)]);
    }
    expect(await readFile(join(cwd, 'p/.pilot-slice.json'), 'utf8')).toBe(before);
  });
});

