import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
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

interface RunOptions {
  /** The environment, with no colour unless given; the template cache always sits in the test's folder. */
  env?: NodeJS.ProcessEnv;
  nodeVersion?: string;
  /** Whether stdout claims to be a terminal. */
  tty?: boolean;
}

async function run(argv: string[], cwd: string, templates: string, options: RunOptions = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const env = { PILOT_SLICE_CACHE_DIR: join(cwd, '.cache'), ...(options.env ?? { NO_COLOR: '1' }) };
  const io = { stdout, stderr, stdinIsTTY: false, env, cwd, templates, nodeVersion: options.nodeVersion ?? process.versions.node };
  const code = await main(argv, io, new AbortController().signal);
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
    ['pnpm', 'npm/11.6.0 node/v24.11.0 linux x64', ''],
    ['npm', 'pnpm/10.18.0 npm/? node/v24.11.0 linux x64', ''],
    // Chosen outright, yarn berry running the CLI does not matter: no note that the pilot is made for npm.
    ['bun', 'yarn/4.9.0 npm/? node/v24.11.0 linux x64', ''],
  ])('makes a %s pilot with --package-manager, whatever runs it (%s)', async (manager, agent, expectedErr) => {
    const cwd = await tempDir();
    const args = ['p', '--owner', '@acme/ai', '--no-install', '--no-git', '--package-manager', manager];
    const result = await run(args, cwd, await templatesWithPathFromAnswer(), { env: { NO_COLOR: '1', npm_config_user_agent: agent } });
    expect(result.code, result.err).toBe(0);
    expect(result.err).toBe(expectedErr);
    const provenance = JSON.parse(await readFile(join(cwd, 'p/.pilot-slice.json'), 'utf8'));
    expect(provenance.answers.packageManager).toBe(manager);
  });

  it.each([
    [['--labels', 'refund'], '--labels: needs at least 2 values'],
    [['--package-manager', 'yarn2'], '--package-manager: packageManager must be one of: npm, pnpm, yarn, bun'],
    [['--use-case', 'triage', '--labels', 'a,b'], '--labels is for the classify use case, not triage'],
    [['--decision-date', '2001-01-01'], '--decision-date: 2001-01-01 is in the past'],
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
    await writeFile(
      join(work, 'journal.json'),
      JSON.stringify({
        pid: 2 ** 22 + 7,
        ops: [
          { path: 'notes/plan.md', staged: 'staged/0', backup: 'backup/0' },
          { path: '.pilot-slice.json', staged: 'staged/1', backup: 'backup/1' },
        ],
      }),
    );
    const result = await run(['check', 'p'], cwd, templates, { env: { NO_COLOR: '1', ...env } });
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

// Any SGR escape (colour, bold, dim) that picocolors writes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is the character looked for.
const ESCAPE = /\u001b\[\d+m/;

describe('colour follows the Io, not the process', () => {
  const dryRun = ['p', '--owner', '@acme/ai', '--dry-run'];

  it.each([
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, true],
    ['FORCE_COLOR=false', { FORCE_COLOR: 'false' }, true],
    ['NO_COLOR=1', { NO_COLOR: '1' }, true],
    ['NO_COLOR=1 beating FORCE_COLOR=1', { NO_COLOR: '1', FORCE_COLOR: '1' }, true],
    ['no terminal, even with CI set', { CI: 'true' }, false],
    ['TERM=dumb', { TERM: 'dumb' }, true],
  ])('prints no escape codes with %s', async (_, env, tty) => {
    const result = await run(dryRun, await tempDir(), await templatesWithPathFromAnswer(), { env, tty });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^path\s+size\s+layer$/m);
    expect(result.out).not.toMatch(ESCAPE);
  });

  it.each([
    ['a terminal', {}, true],
    ['FORCE_COLOR=1 into a pipe', { FORCE_COLOR: '1' }, false],
  ])('colours the plan for %s', async (_, env, tty) => {
    const result = await run(dryRun, await tempDir(), await templatesWithPathFromAnswer(), { env, tty });
    expect(result.out).toMatch(ESCAPE);
  });

  it('colours the error mark by the same rules', async () => {
    const cwd = await tempDir();
    const templates = await templatesWithPathFromAnswer();
    expect((await run(['a', 'b'], cwd, templates, { env: { FORCE_COLOR: '0' } })).err).not.toMatch(ESCAPE);
    expect((await run(['a', 'b'], cwd, templates, { env: { FORCE_COLOR: '1' } })).err).toMatch(ESCAPE);
  });
});

describe('flags npm kept for itself', () => {
  it('names -- when npm took --owner (npm create pilot-slice p6 --owner @x/y)', async () => {
    const cwd = await tempDir();
    const result = await run(['p6', '@x/y'], cwd, await templatesWithPathFromAnswer(), { env: { NO_COLOR: '1', npm_config_owner: 'true' } });
    expect(result.code).toBe(2);
    expect(result.err.trim().split('\n')).toEqual([
      '✖ npm read --owner as its own option, so create-pilot-slice never got it; npm needs -- before flags: npm create pilot-slice@latest my-pilot -- --owner @acme/support-ai',
    ]);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('names -- for two folders even when npm left no trace', async () => {
    const result = await run(['p6', '@x/y'], await tempDir(), await templatesWithPathFromAnswer());
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/expected one folder, got 2 \(p6 @x\/y\); under npm create, flags need -- before them/);
  });
});

describe('a Node older than the pilot supports', () => {
  const templates = fileURLToPath(new URL('../../../templates', import.meta.url));

  /** A stand-in npm (version 11.0.0) that records that an install was started, on the PATH the CLI passes to it. */
  async function envWithFakeNpm(cwd: string): Promise<{ env: NodeJS.ProcessEnv; started: string }> {
    const bin = join(cwd, 'fake-bin');
    await mkdir(bin);
    const started = join(cwd, 'install-started');
    // Like npm, it leaves a lockfile in the folder it installs (the CLI checks for one), and says its version (11.0.0).
    await writeFile(join(bin, 'npm'), `#!/bin/sh\n[ "$1" = --version ] && echo 11.0.0 && exit 0\necho "$@" > ${JSON.stringify(started)}\necho '{}' > package-lock.json\n`, {
      mode: 0o755,
    });
    return { env: { NO_COLOR: '1', PATH: `${bin}:${process.env.PATH}` }, started };
  }

  /** The range the real templates render into package.json `engines.node`, read from a scaffold. */
  async function renderedNodeRange(): Promise<string> {
    const cwd = await tempDir();
    expect((await run(['probe', '--owner', '@acme/ai', '--no-install', '--no-git'], cwd, templates)).code).toBe(0);
    const range = JSON.parse(await readFile(join(cwd, 'probe/package.json'), 'utf8')).engines?.node;
    expect(semver.validRange(range)).not.toBeNull();
    return range;
  }

  it('scaffolds, says in one line which Node the pilot needs, and starts no install', async () => {
    const range = await renderedNodeRange();
    const minimum = semver.minVersion(range);
    if (!minimum) throw new Error(`no minimum in ${range}`);
    // The newest release line below the minimum: 22.12.0 -> 22.11.0, 22.0.0 -> 21.99.0.
    const older = minimum.minor > 0 ? `${minimum.major}.${minimum.minor - 1}.0` : `${minimum.major - 1}.99.0`;
    const cwd = await tempDir();
    const { env } = await envWithFakeNpm(cwd);
    const result = await run(['p', '--owner', '@acme/ai', '--no-git'], cwd, templates, { env, nodeVersion: older });
    expect(result.code, result.err).toBe(0);
    expect(result.err.trim().split('\n')).toEqual([
      `! The pilot needs Node ${range} and this is Node ${older}: skipped the install; switch to a newer Node, then run npm install in p`,
    ]);
    expect(await readdir(join(cwd, 'p'))).toContain('.pilot-slice.json');
    expect(await readdir(cwd)).not.toContain('install-started');
    // No user agent (run straight, not by npm create): the version is the npm on PATH's.
    expect(JSON.parse(await readFile(join(cwd, 'p/package.json'), 'utf8')).packageManager).toBe('npm@11.0.0');
    expect(result.out).toMatch(/Next steps:\n {2}cd p\n {2}npm install +# the dependencies\n/);
  });

  it('installs on a Node the pilot supports', async () => {
    const range = await renderedNodeRange();
    const cwd = await tempDir();
    const { env, started } = await envWithFakeNpm(cwd);
    const result = await run(['p', '--owner', '@acme/ai', '--no-git'], cwd, templates, { env, nodeVersion: semver.minVersion(range)?.version ?? '' });
    expect(result.code, result.err).toBe(0);
    expect(result.err).toBe('');
    expect(await readFile(started, 'utf8')).toBe('install\n');
  });
});
