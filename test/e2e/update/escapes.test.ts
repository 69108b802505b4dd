// Update never reads, writes, moves or deletes outside the pilot: not through a forged journal, a
// linked folder, or a provenance path. Each refusal is exit 2 with one line and nothing changed.
import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, commitAll, exists, freshPilot, put, read, scaffold, scratch, snapshot } from '../../support/update-pilot.js';

const JOURNAL = '.pilot-slice-update/journal.json';

describe('a forged or corrupted update journal', () => {
  it('naming a file outside the pilot: check and update exit 2, the file outside stays, the journal is left to inspect', async () => {
    const { root, cache, pilot } = await freshPilot();
    await writeFile(join(root, 'victim.txt'), "not the pilot's\n");
    await put(pilot, '.pilot-slice-update/backup/0', 'pulled in from the journal\n');
    const forged = JSON.stringify({ pid: 999_999_999, ops: [{ path: '../victim.txt', staged: 'staged/0', backup: 'backup/0' }] });
    await put(pilot, JOURNAL, forged);
    const before = await snapshot(pilot);
    for (const command of ['check', 'update']) {
      const result = await cli('2.0.0', [command], pilot, cache);
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stderr).toMatch(
        /^✖ \.pilot-slice-update\/journal\.json names a path update may not touch \(ops\.0\.path renders to "\.\.\/victim\.txt", which is not a plain path inside the pilot\); nothing was moved\. .*discard it with: rm -rf ".*\.pilot-slice-update"$/m,
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(await read(root, 'victim.txt')).toBe("not the pilot's\n");
      expect(await snapshot(pilot)).toEqual(before);
    }
  });

  it.each([['{}'], ['{"ops":{}}'], ['{"pid":1,"ops":"abc"}'], ['[null]']])('%s is refused with exit 2, not an unexpected error', async (text) => {
    const { cache, pilot } = await freshPilot();
    await put(pilot, JOURNAL, text);
    const result = await cli('2.0.0', ['check'], pilot, cache);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^✖ \.pilot-slice-update\/journal\.json is not a journal this tool wrote \(.+\); nothing was moved/m);
    expect(result.stderr).not.toMatch(/unexpected|please report/i);
    expect(await read(pilot, JOURNAL)).toBe(text);
  });
});

/** Moves a pilot folder's files to `outside`, puts a link to it in its place, and commits: a team sharing a folder. */
async function linkOut(pilot: string, folder: string, outside: string): Promise<string> {
  await mkdir(outside);
  for (const name of await readdir(join(pilot, folder))) await writeFile(join(outside, name), await read(pilot, `${folder}/${name}`));
  await rm(join(pilot, folder), { recursive: true });
  await symlink(outside, join(pilot, folder));
  await commitAll(pilot, `${folder} lives in a shared folder`);
  return outside;
}

describe('a folder committed as a symbolic link', () => {
  it('that the update would write into: exit 2 naming the link, nothing written on either side of it', async () => {
    const { root, cache, pilot } = await freshPilot();
    // notes/ changes between 1.0.0 and 2.0.0 (merged, new and deleted files): move it out and link to it.
    const outside = await linkOut(pilot, 'notes', join(root, 'shared-notes'));
    const [pilotBefore, outsideBefore] = [await snapshot(pilot), await snapshot(outside)];
    const result = await cli('2.0.0', ['update'], pilot, cache);
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^✖ notes is a symbolic link \\(to ${outside}\\), and update would go through it to notes/[\\w-]+\\.txt; links are never written through`, 'm'),
    );
    expect(await snapshot(pilot)).toEqual(pilotBefore);
    expect(await snapshot(outside)).toEqual(outsideBefore);
    expect(await exists(outside, 'new.txt')).toBe(false);
  });

  it('that the update leaves alone: it is passed by, and nothing behind it is read or written', async () => {
    const { root, cache, pilot } = await freshPilot();
    // team/ renders the same in every version.
    const outside = await linkOut(pilot, 'team', join(root, 'shared-team'));
    const [name] = await readdir(outside);
    await writeFile(join(outside, name ?? ''), 'edited outside the pilot\n');
    const outsideBefore = await snapshot(outside);
    const result = await cli('2.0.0', ['update'], pilot, cache);
    expect([0, 3], result.stdout + result.stderr).toContain(result.exitCode);
    expect(result.stdout).not.toMatch(/\bteam\//);
    expect(await snapshot(outside)).toEqual(outsideBefore);
  });
});

describe('a provenance file naming a path outside the pilot', () => {
  it('is refused before planning: exit 2, nothing read outside or printed as deleted', async () => {
    const { root, cache, pilot } = await freshPilot();
    await writeFile(join(root, 'outside.txt'), 'outside\n');
    const provenance = JSON.parse(await read(pilot, '.pilot-slice.json'));
    provenance.files['../outside.txt'] = { sha256: 'a'.repeat(64), policy: 'managed' };
    await put(pilot, '.pilot-slice.json', `${JSON.stringify(provenance, null, 2)}\n`);
    await commitAll(pilot, 'forged provenance');
    const before = await snapshot(pilot);
    for (const args of [['update'], ['update', '--dry-run'], ['check']]) {
      const result = await cli('2.0.0', args, pilot, cache);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/^✖ \.pilot-slice\.json: files: "\.\.\/outside\.txt" is not a plain path inside the pilot; restore the file from git$/m);
      expect(result.stdout).not.toContain('outside.txt');
    }
    expect(await read(root, 'outside.txt')).toBe('outside\n');
    expect(await snapshot(pilot)).toEqual(before);
  });

  it('a .pilot-slice.json that is not a regular file is refused, not walked past to a parent pilot', async () => {
    const root = await scratch();
    const cache = join(root, 'cache');
    const outer = await scaffold('1.0.0', join(root, 'outer'), cache);
    const inner = join(outer, 'inner');
    await mkdir(join(inner, '.pilot-slice.json'), { recursive: true });
    const result = await cli('2.0.0', ['check'], inner, cache);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('.pilot-slice.json is not a regular file; restore it from git');
  });
});
