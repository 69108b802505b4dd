import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, inject, it } from 'vitest';
import { nodeLineEnv } from '../../support/node-line.js';
import { entries, runCli, userEnv, workDir } from '../../support/run-cli.js';

const OWNER = ['--owner', '@acme/support-ai'];
const QUIET = ['--no-install', '--no-git'];

async function allFiles(dir: string): Promise<string[]> {
  const found = await readdir(dir, { recursive: true, withFileTypes: true });
  return found
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('the packed CLI', () => {
  it('prints help and its version', async () => {
    const cwd = await workDir();
    const help = await runCli(['--help'], cwd);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--use-case <id>       classify | triage | summarize | draft | extract');
    const version = await runCli(['--version'], cwd);
    const pkg = JSON.parse(await readFile(new URL('../../../packages/create-pilot-slice/package.json', import.meta.url), 'utf8'));
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('lists every layer: use cases, connectors and auth, each with its one line', async () => {
    const result = await runCli(['list', '--json'], await workDir());
    expect(result.exitCode).toBe(0);
    const listed = JSON.parse(result.stdout) as { kinds: Array<{ kind: string; layers: Array<{ id: string; available: boolean; description: string | null; version?: string }> }> };
    const ids = (kind: string) => listed.kinds.find((k) => k.kind === kind)?.layers.map((l) => l.available && l.description && l.id);
    expect(ids('use-case')).toEqual(['classify', 'triage', 'summarize', 'draft', 'extract']);
    expect(ids('connector')).toEqual(['sqlite', 'postgres', 'csv', 'http']);
    expect(ids('auth')).toEqual(['oidc', 'api-key', 'gateway']);
    const classify = JSON.parse(await readFile(new URL('../../../templates/use-cases/classify/layer.json', import.meta.url), 'utf8'));
    expect(listed.kinds.find((k) => k.kind === 'use-case')?.layers.find((l) => l.id === 'classify')).toMatchObject({ available: true, version: classify.version });
    const text = await runCli(['list'], await workDir());
    for (const id of ['classify', 'triage', 'summarize', 'draft', 'extract', 'sqlite', 'postgres', 'csv', 'http', 'oidc', 'api-key', 'gateway']) {
      expect(text.stdout).toMatch(new RegExp(`^  ${id}\\s+\\S`, 'm'));
    }
  });

  it('prints the plan for --dry-run and writes nothing', async () => {
    const cwd = await workDir();
    const result = await runCli(['my-pilot', ...OWNER, '--dry-run'], cwd);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^path\s+size\s+layer$/m);
    expect(result.stdout).toMatch(/^\.github\/CODEOWNERS\s+\d+ B\s+base$/m);
    expect(result.stdout).toMatch(/^src\/pipeline\.ts\s+[\d.]+ k?B\s+use-case\/classify$/m);
    expect(result.stdout).toMatch(/^package\.json\s+[\d.]+ k?B\s+base\+.*connector\/sqlite/m);
    expect(result.stdout).toMatch(/\d+ files, [\d.]+ kB, into my-pilot\nDry run: nothing was written\./);
    expect(await entries(cwd)).toEqual([]);
  });

  it('writes an answer containing {{ literally and records provenance with a hash of every file', async () => {
    const cwd = await workDir();
    const description = 'Route {{ticket}} "mail" & {{#each x}} to queues';
    const result = await runCli(['my-pilot', ...OWNER, ...QUIET, '--description', description], cwd);
    expect(result.exitCode).toBe(0);
    const pilot = join(cwd, 'my-pilot');
    expect(await readFile(join(pilot, 'README.md'), 'utf8')).toContain(description);
    expect(JSON.parse(await readFile(join(pilot, 'package.json'), 'utf8')).description).toBe(description);

    const provenance = JSON.parse(await readFile(join(pilot, '.pilot-slice.json'), 'utf8'));
    expect(provenance.generator.name).toBe('create-pilot-slice');
    expect(provenance.layers.map((l: { kind: string; id: string }) => `${l.kind}/${l.id}`)).toEqual(['base/base', 'use-case/classify', 'connector/sqlite', 'auth/api-key']);
    expect(provenance.answers).toMatchObject({ name: 'my-pilot', description, owner: '@acme/support-ai', oncall: '@acme/support-ai' });
    const files = (await allFiles(pilot)).filter((f) => f !== '.pilot-slice.json');
    expect(Object.keys(provenance.files).sort()).toEqual(files);
    for (const file of files) {
      const digest = createHash('sha256')
        .update(await readFile(join(pilot, file)))
        .digest('hex');
      expect(provenance.files[file]?.sha256, file).toBe(digest);
    }
  });

  it('names the owner in CODEOWNERS, for everything and for the bar and the evals', async () => {
    const cwd = await workDir();
    expect((await runCli(['p', '--owner', '@acme/risk-ai', ...QUIET], cwd)).exitCode).toBe(0);
    const codeowners = await readFile(join(cwd, 'p/.github/CODEOWNERS'), 'utf8');
    expect(codeowners).toMatch(/^\* @acme\/risk-ai$/m);
    expect(codeowners).toMatch(/^\/success-criteria\.yaml @acme\/risk-ai$/m);
    expect(codeowners).toMatch(/^\/evals\/ @acme\/risk-ai$/m);
  });

  it('says why no git repository was made, and where the enclosing one is', async () => {
    const cwd = await workDir();
    await execa('git', ['init', '--quiet'], { cwd });
    const result = await runCli(['inside', ...OWNER, '--no-install'], cwd);
    expect(result.exitCode, result.all).toBe(0);
    const { stdout: root } = await execa('git', ['rev-parse', '--show-toplevel'], { cwd });
    expect(result.stdout).toContain(`No git repository made: the pilot is inside the git work tree at ${root}; commit it there, or scaffold outside it`);
    expect(await entries(join(cwd, 'inside'))).not.toContain('.git');
  });

  it('leaves a folder that was already a git repository as it was', async () => {
    const cwd = await workDir();
    await execa('git', ['init', '--quiet', 'repo'], { cwd });
    const result = await runCli(['repo', ...OWNER, '--no-install'], cwd);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain('The folder was already a git repository: left it as it was, with nothing committed');
    const log = await execa('git', ['log', '--oneline'], { cwd: join(cwd, 'repo'), reject: false });
    expect(log.exitCode).not.toBe(0);
  });

  it('prints the next steps in the package manager’s syntax: bun run test, not bun’s own test runner', async () => {
    const result = await runCli(['p', ...OWNER, ...QUIET], await workDir(), { npm_config_user_agent: 'bun/1.3.0 npm/? node/v24.0.0 linux x64' });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(/^ {2}bun install +# the dependencies$/m);
    expect(result.stdout).toMatch(/^ {2}bun run test +# /m);
    expect(result.stdout).toMatch(/^ {2}bun run readiness +# /m);
    expect(result.stdout).not.toMatch(/bun test/);
  });

  it('scaffolds into . when the current folder is empty', async () => {
    const cwd = join(await workDir(), 'support-pilot');
    await mkdir(cwd);
    const result = await runCli(['.', ...OWNER, ...QUIET], cwd);
    expect(result.exitCode, result.all).toBe(0);
    expect(await entries(cwd)).toContain('package.json');
    expect(result.stdout).not.toContain('cd .');
  });

  it('re-creates a pilot from another pilot’s provenance with --answers-file', async () => {
    const cwd = await workDir();
    await runCli(['first', '--owner', '@acme/ops-ai', '--oncall', 'ops-rota', ...QUIET], cwd);
    const result = await runCli(['second', '--answers-file', 'first/.pilot-slice.json', ...QUIET], cwd);
    expect(result.exitCode).toBe(0);
    const second = JSON.parse(await readFile(join(cwd, 'second/.pilot-slice.json'), 'utf8'));
    expect(second.answers).toMatchObject({ name: 'second', owner: '@acme/ops-ai', oncall: 'ops-rota' });
  });
});

// Any SGR escape (colour, bold, dim); the dry run prints bold headers and dim layers when colour is on.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is the character looked for.
const ESCAPE = /\u001b\[\d+m/;

describe('colour in a piped dry run', () => {
  // NO_COLOR is '' (unset, per no-color.org) unless a case sets it: userEnv turns colour off by default.
  it.each([
    ['FORCE_COLOR=0', { FORCE_COLOR: '0', NO_COLOR: '' }],
    ['NO_COLOR=1', { NO_COLOR: '1' }],
    ['no terminal, CI=true', { CI: 'true', NO_COLOR: '' }],
  ])('has no escape codes with %s', async (_, env) => {
    const result = await runCli(['p', ...OWNER, '--dry-run'], await workDir(), env);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^path\s+size\s+layer$/m);
    expect(result.all).not.toMatch(ESCAPE);
  });

  it('has them with FORCE_COLOR=1, so the cases above could fail', async () => {
    const result = await runCli(['p', ...OWNER, '--dry-run'], await workDir(), { FORCE_COLOR: '1', NO_COLOR: '' });
    expect(result.stdout).toMatch(ESCAPE);
  });
});

describe('a pilot with defaults, installed and tested as a user would', () => {
  it('installs, commits, type-checks and passes its own tests', { timeout: 600_000 }, async () => {
    const cwd = await workDir();
    // On the pilots' Node line (a user on Node 20 is told to switch first): the CLI, the install and the tests.
    const env = nodeLineEnv(inject('nodeLine'));
    const result = await runCli(['my-pilot', ...OWNER], cwd, { ...env, npm_config_user_agent: 'npm/11 node/v24 linux x64' });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toContain('Installed dependencies in');
    expect(result.stdout).toContain('Initialized a git repository with a first commit');
    expect(result.stdout).toMatch(
      /Next steps:\n {2}cd my-pilot\n {2}cp \.env\.example \.env +# then set OPENAI_BASE_URL, OPENAI_API_KEY and PILOT_MODEL for a real model\n {2}npm test +#/,
    );
    expect(result.stdout).toMatch(/^ {2}npm run readiness +# /m);

    const pilot = join(cwd, 'my-pilot');
    const log = await execa('git', ['log', '--oneline'], { cwd: pilot });
    expect(log.stdout.trim().split('\n')).toHaveLength(1);
    const status = await execa('git', ['status', '--porcelain'], { cwd: pilot });
    expect(status.stdout).toBe('');

    const typecheck = await execa('npm', ['run', 'typecheck'], { cwd: pilot, env, extendEnv: false, reject: false, all: true });
    expect(typecheck.exitCode, typecheck.all).toBe(0);
    const tests = await execa('npm', ['test'], { cwd: pilot, env, extendEnv: false, reject: false, all: true });
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.stdout).toMatch(/Tests\s+\d+ passed/);
  });
});

describe('npm create pilot-slice', () => {
  // `npm create pilot-slice@latest dir -- flags` runs `npm exec create-pilot-slice@latest -- dir flags`;
  // the same, with the packed tarball standing in for the registry's copy.
  it('reaches the CLI with the flags after --', { timeout: 120_000 }, async () => {
    const cwd = await workDir();
    const result = await execa(
      'npm',
      ['exec', '--yes', '--package', inject('tarball'), '--', 'create-pilot-slice', 'from-npm', '--use-case', 'triage', '--owner', '@acme/npm-team', '--no-install', '--no-git'],
      { cwd, env: userEnv(), extendEnv: false, reject: false, all: true, stdin: 'ignore' },
    );
    expect(result.exitCode, result.all).toBe(0);
    const provenance = JSON.parse(await readFile(join(cwd, 'from-npm/.pilot-slice.json'), 'utf8'));
    expect(provenance.answers).toMatchObject({ useCase: 'triage', owner: '@acme/npm-team' });
  });
});
