// A pilot's eval and readiness scripts on a Node older than its engines.node: one line naming the Node
// it needs, exit 1, and no stack trace. No install is needed: the check runs before anything is imported.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli, workDir } from '../../support/run-cli.js';

const ENTRY = ['src/kit/compile-and-run.mjs', 'kit/evals/run.ts'];
let pilot: string;
let range: string;

beforeAll(async () => {
  const cwd = await workDir('file');
  const made = await runCli(['p', '--owner', '@acme/ai', '--no-install', '--no-git'], cwd);
  expect(made.exitCode, made.all).toBe(0);
  pilot = join(cwd, 'p');
  range = JSON.parse(await readFile(join(pilot, 'package.json'), 'utf8')).engines.node;
});

const runScript = (node: string, dir = pilot) => execa(node, ENTRY, { cwd: dir, reject: false, stdin: 'ignore' });
const major = Number(process.versions.node.split('.')[0]);

describe('a pilot script on a Node the pilot does not support', () => {
  // The generator's own tests run on the machine's Node, 20 here: the case the check is for, as it is.
  it.runIf(major < 22)(`on this Node (${process.versions.node}), below engines.node: one line, exit 1`, async () => {
    const run = await runScript(process.execPath);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`this pilot needs Node ${range} (engines.node in package.json), and this is Node ${process.versions.node}: switch to a supported Node and run again`);
    expect(run.stdout).toBe('');
  });

  it('on any Node, when engines.node asks for a newer one: one line, exit 1', async () => {
    const dir = await workDir();
    await execa('cp', ['-R', `${pilot}/.`, dir]);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ ...manifest, engines: { node: '>=99.0.0' } }));
    const run = await runScript(process.execPath, dir);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`this pilot needs Node >=99.0.0 (engines.node in package.json), and this is Node ${process.versions.node}: switch to a supported Node and run again`);
  });

  it('lets a supported Node through to the next check (no dependencies installed here: exit 3)', async () => {
    const run = await runScript(join(inject('nodeLine').binDir, 'node'));
    expect(run.stderr).not.toContain('this pilot needs Node');
    expect(run.stderr).toContain('esbuild is not installed: install the dependencies first');
    expect(run.exitCode).toBe(3);
  });
});
