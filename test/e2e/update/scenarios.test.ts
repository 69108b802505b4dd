// One pilot made with fixture version 1.0.0, edited and committed by its team, then updated with
// 2.0.0: each test below checks one path case of the merge against exact expectations.
import { beforeAll, describe, expect, it } from 'vitest';
import { logo } from '../../support/update-fixtures.js';
import { type Run, chmod, cli, commitAll, editLine, exists, git, isExecutable, put, read, scaffold, scratch } from '../../support/update-pilot.js';

let pilot: string;
let dryRun: Run;
let statusAfterDryRun: string;
let update: Run;

beforeAll(async () => {
  const root = await scratch();
  const cache = `${root}/cache`;
  pilot = await scaffold('1.0.0', root, cache);

  await editLine(pilot, 'notes/merge.txt', 3, 'line 3 (yours)');
  await editLine(pilot, 'notes/clash.txt', 5, 'line 5 (yours)');
  await editLine(pilot, 'notes/same.txt', 5, 'line 5 (both)');
  await git(pilot, ['rm', '--quiet', 'notes/user-deleted.txt']);
  await put(pilot, 'notes/tpl-deleted-edited.txt', 'v1 edited by the team\n');
  await put(pilot, 'notes/both.txt', 'mine\n');
  await put(pilot, 'notes/mine.txt', 'the team added this\n');
  await editLine(pilot, 'old/moved.txt', 2, 'line 2 (yours)');
  await editLine(pilot, 'team/acme-day-shift.md', 3, 'line 3 (yours)');
  await editLine(pilot, 'notes/windows.txt', 2, 'line 2 (yours)');
  await chmod(`${pilot}/scripts/tool.sh`, 0o755);
  const pkg = JSON.parse(await read(pilot, 'package.json'));
  pkg.scripts.lint = 'echo lint';
  await put(pilot, 'package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  await put(pilot, 'src/team.ts', "export const team = 'ours, rewritten';\n");
  await commitAll(pilot, 'team edits');

  dryRun = await cli('2.0.0', ['update', '--dry-run', '--set', 'oncall=@acme/night-shift'], pilot, cache);
  statusAfterDryRun = await git(pilot, ['status', '--porcelain']);
  update = await cli('2.0.0', ['update', '--set', 'oncall=@acme/night-shift'], pilot, cache);
});

describe("update 1.0.0 -> 2.0.0 over a team's edits", () => {
  it('dry run: prints the plan, exits 3 for the conflicts it would leave, writes nothing', () => {
    expect(dryRun.exitCode, dryRun.stderr).toBe(3);
    expect(dryRun.stdout).toContain('conflicted notes/clash.txt');
    expect(dryRun.stdout).toContain('Dry run: nothing was written.');
    expect(statusAfterDryRun).toBe('');
  });

  it('exits 3 with conflicts left, and ends with the summary', () => {
    expect(update.exitCode, update.stdout + update.stderr).toBe(3);
    expect(update.stdout).toContain('create-pilot-slice 1.0.0 -> 2.0.0');
    expect(update.stdout).toMatch(/^2 created, 5 updated, 3 merged, 2 moved, 3 conflicted, 1 deleted, 2 kept$/m);
    expect(update.stderr).toContain('3 files have conflicts');
  });

  it('user line 3 and template line 40 of one file: both kept', async () => {
    const text = await read(pilot, 'notes/merge.txt');
    expect(text.split('\n')[2]).toBe('line 3 (yours)');
    expect(text.split('\n')[39]).toBe('line 40 (template v2)');
    expect(text).not.toContain('<<<<<<<');
  });

  it('the same line changed differently: labelled markers, and stages 1/2/3 in the index', async () => {
    const text = await read(pilot, 'notes/clash.txt');
    expect(text).toContain(
      '<<<<<<< yours (before updating)\nline 5 (yours)\n||||||| template 1.0.0 (last update)\nline 5\n=======\nline 5 (template v2)\n>>>>>>> template 2.0.0 (after updating)\n',
    );
    const stages = (await git(pilot, ['ls-files', '--unmerged', '--', 'notes/clash.txt'])).split('\n').map((line) => line.split(/\s+/)[2]);
    expect(stages).toEqual(['1', '2', '3']);
    expect(await git(pilot, ['status', '--porcelain', '--', 'notes/clash.txt'])).toBe('UU notes/clash.txt');
  });

  it('an identical change on both sides: clean', async () => {
    const text = await read(pilot, 'notes/same.txt');
    expect(text.split('\n')[4]).toBe('line 5 (both)');
    expect(text).not.toContain('<<<<<<<');
  });

  it('a file untouched by the team takes the new version; a new template file is created', async () => {
    expect(await read(pilot, 'notes/untouched.txt')).toBe('v2\n');
    expect(await read(pilot, 'notes/new.txt')).toBe('new in v2\n');
  });

  it('deleted by the team, changed by the template: stays deleted, and is reported', async () => {
    expect(await exists(pilot, 'notes/user-deleted.txt')).toBe(false);
    expect(update.stdout).toContain('kept       notes/user-deleted.txt  (you deleted it; it stays deleted)');
  });

  it('deleted by the template and edited by the team: kept and reported, not a conflict (nothing to resolve)', async () => {
    expect(await read(pilot, 'notes/tpl-deleted-edited.txt')).toBe('v1 edited by the team\n');
    expect(update.stdout).toContain(
      'kept       notes/tpl-deleted-edited.txt  (the template no longer has it, and you edited it: kept yours (delete it when you no longer need it))',
    );
  });

  it('deleted by the template and untouched: deleted', async () => {
    expect(await exists(pilot, 'notes/tpl-deleted.txt')).toBe(false);
    expect(update.stdout).toContain('deleted    notes/tpl-deleted.txt');
  });

  it('both sides add the same path: a conflict that shows both, nothing lost', async () => {
    const text = await read(pilot, 'notes/both.txt');
    expect(text).toContain('mine\n');
    expect(text).toContain('template\n');
    expect(text).toContain('<<<<<<< yours (before updating)');
    expect(update.stdout).toContain('conflicted notes/both.txt  (you and the template both added this file)');
  });

  it("renamed by the template: the team's edit follows to the new path", async () => {
    expect(await exists(pilot, 'old/moved.txt')).toBe(false);
    const text = await read(pilot, 'new/moved.txt');
    expect(text.split('\n')[1]).toBe('line 2 (yours)');
    expect(text.split('\n')[9]).toBe('line 10 (template v2)');
  });

  it('renamed through an answer used in the path (--set oncall): the edit follows', async () => {
    expect(await exists(pilot, 'team/acme-day-shift.md')).toBe(false);
    expect(await read(pilot, 'team/acme-night-shift.md')).toBe('# On call: @acme/night-shift\nline 2\nline 3 (yours)\n');
    expect(update.stdout).toContain('moved      team/acme-day-shift.md -> team/acme-night-shift.md  (your edits merged into the moved file)');
  });

  it('a binary file untouched by the team takes the new bytes', async () => {
    expect(Buffer.compare(await (await import('node:fs/promises')).readFile(`${pilot}/assets/logo.bin`), logo(2))).toBe(0);
  });

  it('a CRLF file merges line by line and keeps its CRLF', async () => {
    const text = await read(pilot, 'notes/windows.txt');
    expect(text.split('\r\n')[1]).toBe('line 2 (yours)');
    expect(text.split('\r\n')[9]).toBe('line 10 (template v2)');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it("executable bits: the template's new bit arrives, the team's own bit stays", async () => {
    expect(await isExecutable(pilot, 'scripts/run.sh')).toBe(true);
    expect(await read(pilot, 'scripts/run.sh')).toBe('#!/bin/sh\necho v2\n');
    expect(await isExecutable(pilot, 'scripts/tool.sh')).toBe(true);
    expect(await read(pilot, 'scripts/tool.sh')).toBe('#!/bin/sh\necho tool v2\n');
  });

  it("package.json merges key by key: the template's bump and the team's script both land", async () => {
    const pkg = JSON.parse(await read(pilot, 'package.json'));
    expect(pkg.dependencies.zod).toBe('^4.0.0');
    expect(pkg.scripts).toEqual({ test: 'echo ok', lint: 'echo lint' });
  });

  it("a seed file the team rewrote keeps their text; the template's change is offered beside it as a conflict", async () => {
    expect(await read(pilot, 'src/team.ts')).toBe(
      "<<<<<<< yours (before updating)\nexport const team = 'ours, rewritten';\n||||||| template 1.0.0 (last update)\nexport const team = 'v1';\n=======\nexport const team = 'v2';\n>>>>>>> template 2.0.0 (after updating)\n",
    );
    expect(update.stdout).toContain('conflicted src/team.ts  (yours (seed): the template changed it too; its change is offered beside yours)');
    expect(update.stdout).toContain('  edit src/team.ts: keep what you want between the <<<<<<< and >>>>>>> markers, delete the markers, then git add src/team.ts');
  });

  it('a file git ignores is updated on disk and kept out of the index', async () => {
    expect(await read(pilot, 'local/settings.txt')).toBe('settings v2\n');
    expect(await git(pilot, ['ls-files', '--', 'local'])).toBe('');
  });

  it('a file the team added inside a template folder is left alone', async () => {
    expect(await read(pilot, 'notes/mine.txt')).toBe('the team added this\n');
  });

  it('records the new version, the changed answer, and the migration that ran', async () => {
    const provenance = JSON.parse(await read(pilot, '.pilot-slice.json'));
    expect(provenance.generator.version).toBe('2.0.0');
    expect(provenance.answers.oncall).toBe('@acme/night-shift');
    expect(provenance.migrations).toEqual(['base@2.0.0']);
    expect(await read(pilot, 'MIGRATIONS.log')).toBe('migrated to 2\n');
  });

  it('refuses to update again until the conflicts are resolved', async () => {
    const again = await cli('2.0.0', ['update'], pilot, `${pilot}/../cache`);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/an earlier update left conflicts in notes\/both\.txt, notes\/clash\.txt/);
  });
});
