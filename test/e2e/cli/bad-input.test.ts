import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entries, errorLines, runCli, workDir } from '../../support/run-cli.js';

const OWNER = ['--owner', '@acme/support-ai'];
const QUIET = ['--no-install', '--no-git'];

/** Every bad input: exit 2, exactly one line that names the problem and the fix, and nothing written. */
async function expectRefused(args: string[], message: RegExp, setup?: (cwd: string) => Promise<void>): Promise<void> {
  const cwd = await workDir();
  await setup?.(cwd);
  const before = await entries(cwd);
  const result = await runCli(args, cwd);
  expect(result.exitCode).toBe(2);
  const lines = errorLines(result);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.stdout).toBe('');
  expect(await entries(cwd)).toEqual(before);
}

describe('bad input: exit 2, one clear line, nothing written', () => {
  it('an invalid package name', async () => {
    await expectRefused(['My Pilot', ...OWNER, ...QUIET], /"My Pilot" is not a valid npm package name \(.+\); choose a folder name like my-pilot$/);
  });

  it('a non-empty target folder', async () => {
    await expectRefused(['taken', ...OWNER, ...QUIET], /taken is not empty \(notes\.txt\); choose a new folder name or empty it first/, async (cwd) => {
      await mkdir(join(cwd, 'taken'));
      await writeFile(join(cwd, 'taken/notes.txt'), 'mine');
    });
  });

  it('a target that is a file', async () => {
    await expectRefused(['notes', ...OWNER, ...QUIET], /notes exists and is not a folder/, (cwd) => writeFile(join(cwd, 'notes'), 'x'));
  });

  it('. when the current folder is not empty', async () => {
    await expectRefused(['.', ...OWNER, ...QUIET], /^✖ \. is not empty \(keep\.txt\)/, (cwd) => writeFile(join(cwd, 'keep.txt'), 'x'));
  });

  it('an unknown --use-case', async () => {
    await expectRefused(['p', '--use-case', 'poetry', ...OWNER, ...QUIET], /--use-case: use case must be one of: classify, triage, summarize, draft, extract/);
  });

  it('a set that would not make a schema, and a set for another use case', async () => {
    await expectRefused(['p', '--labels', 'refund', ...OWNER, ...QUIET], /--labels: needs at least 2 values, comma-separated/);
    await expectRefused(['p', '--use-case', 'triage', '--labels', 'a,b', ...OWNER, ...QUIET], /labels is for the classify use case, not triage: drop it, or choose --use-case classify/);
    await expectRefused(['p', '--use-case', 'extract', '--fields', 'total:money', ...OWNER, ...QUIET], /--fields: each type must be one of string, number, date, boolean/);
  });

  it('a decision date in the past', async () => {
    await expectRefused(['p', '--decision-date', '2020-01-31', ...OWNER, ...QUIET], /decisionDate: 2020-01-31 is in the past \(today is \d{4}-\d{2}-\d{2}\)/);
  });

  it('an unknown --connector value', async () => {
    await expectRefused(['p', '--connector', 'mongo', ...OWNER, ...QUIET], /--connector: connector must be one of: sqlite, postgres, csv, http/);
  });

  it('a missing owner with no TTY', async () => {
    await expectRefused(['p', ...QUIET], /No owning team: pass --owner @org\/team/);
  });

  it('an owner that is not a GitHub handle', async () => {
    await expectRefused(['p', '--owner', 'the ai team', ...QUIET], /--owner: owner must be a GitHub team or user handle such as @acme\/support-ai/);
  });

  it('a malformed --answers-file', async () => {
    await expectRefused(['p', '--answers-file', 'answers.json', ...QUIET], /answers\.json: not valid JSON/, (cwd) =>
      writeFile(join(cwd, 'answers.json'), '{ "owner": "@acme/ai", '),
    );
  });

  it('an --answers-file with an unknown answer', async () => {
    await expectRefused(['p', '--answers-file', 'answers.json', ...QUIET], /answers\.json: colour: not a known answer/, (cwd) =>
      writeFile(join(cwd, 'answers.json'), '{ "owner": "@acme/ai", "colour": "blue" }'),
    );
  });

  it('an --answers-file that does not exist', async () => {
    await expectRefused(['p', '--answers-file', 'nope.json', ...QUIET], /--answers-file nope\.json: cannot read it \(ENOENT\)/);
  });

  it('an unknown flag', async () => {
    await expectRefused(['p', '--colour', 'blue'], /unknown option --colour; run create-pilot-slice --help/);
  });

  it('a multi-line description', async () => {
    await expectRefused(['p', ...OWNER, ...QUIET, '--description', 'one\ntwo'], /--description: description must be a single line/);
  });
});

describe('the target stays safe', () => {
  it('scaffolds into a folder that holds only .git, leaving .git alone', async () => {
    const cwd = await workDir();
    await mkdir(join(cwd, 'repo/.git'), { recursive: true });
    await writeFile(join(cwd, 'repo/.git/HEAD'), 'ref: refs/heads/main\n');
    const result = await runCli(['repo', ...OWNER, ...QUIET], cwd);
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(cwd, 'repo/.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(await entries(join(cwd, 'repo'))).toContain('.pilot-slice.json');
  });

  it('scaffolds into a sibling folder named with ..', async () => {
    const cwd = await workDir();
    await mkdir(join(cwd, 'here'));
    const result = await runCli(['../sibling', ...OWNER, ...QUIET], join(cwd, 'here'));
    expect(result.exitCode).toBe(0);
    expect(await entries(cwd)).toEqual(['here', 'sibling']);
    expect(await entries(join(cwd, 'here'))).toEqual([]);
  });

  it('refuses a folder whose only entry is a link pointing out', async () => {
    const cwd = await workDir();
    await mkdir(join(cwd, 'target'));
    await symlink('/tmp', join(cwd, 'target/src'));
    const result = await runCli(['target', ...OWNER, ...QUIET], cwd);
    expect(result.exitCode).toBe(2);
    expect(errorLines(result)).toEqual([expect.stringMatching(/target is not empty \(src\)/)]);
  });
});
