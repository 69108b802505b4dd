// Update across versions and situations: skipped versions, guards, monorepos, missing bases.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeRegistry } from '../../support/fake-registry.js';
import { logo } from '../../support/update-fixtures.js';
import { chmod, cli, commitAll, editLine, exists, freshPilot, git, isExecutable, put, read, scaffold, scratch, snapshot } from '../../support/update-pilot.js';

describe('update across versions', () => {
  it('1.0.0 -> 3.0.0 gives the same pilot as 1.0.0 -> 2.0.0 -> 3.0.0, each migration run once; a second update is a no-op', async () => {
    const root = await scratch();
    const cache = join(root, 'cache');
    const direct = await scaffold('1.0.0', join(root, 'direct'), cache);
    const stepped = await scaffold('1.0.0', join(root, 'stepped'), cache);
    for (const pilot of [direct, stepped]) {
      await editLine(pilot, 'notes/merge.txt', 3, 'line 3 (yours)');
      await commitAll(pilot, 'team edit');
    }
    expect((await cli('3.0.0', ['update'], direct, cache)).exitCode).toBe(0);
    expect((await cli('2.0.0', ['update'], stepped, cache)).exitCode).toBe(0);
    await commitAll(stepped, 'update to 2.0.0');
    expect((await cli('3.0.0', ['update'], stepped, cache)).exitCode).toBe(0);

    expect(await snapshot(direct)).toEqual(await snapshot(stepped));
    expect(await read(direct, 'MIGRATIONS.log')).toBe('migrated to 2\nmigrated to 3\n');
    const provenance = JSON.parse(await read(direct, '.pilot-slice.json'));
    expect(provenance.migrations).toEqual(['base@2.0.0', 'base@3.0.0']);
    expect(provenance.answers.description).toBe('An update fixture (since 3.0.0)');
    expect((await read(direct, 'notes/merge.txt')).split('\n')[2]).toBe('line 3 (yours)');

    await commitAll(direct, 'update to 3.0.0');
    const again = await cli('3.0.0', ['update'], direct, cache);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('Already up to date: nothing to change.');
    expect(await git(direct, ['status', '--porcelain'])).toBe('');
  });

  it('check: 1 naming the versions and layers behind, 0 once updated, --json for machines', async () => {
    const { root, cache, pilot } = await freshPilot();
    const behind = await cli('2.0.0', ['check'], pilot, cache);
    expect(behind.exitCode).toBe(1);
    expect(behind.stdout).toContain('made with create-pilot-slice 1.0.0, this is 2.0.0');
    expect(behind.stdout).toContain('base/base: 1.0.0 -> 2.0.0');
    const json = JSON.parse((await cli('2.0.0', ['check', '--json'], pilot, cache)).stdout);
    expect(json).toMatchObject({ upToDate: false, generator: { from: '1.0.0', to: '2.0.0' }, layers: [{ kind: 'base', id: 'base', from: '1.0.0', to: '2.0.0' }] });
    expect((await cli('1.0.0', ['check'], pilot, cache)).exitCode).toBe(0);
    const notPilot = await cli('2.0.0', ['check'], root, cache);
    expect(notPilot.exitCode).toBe(2);
    expect(notPilot.stderr).toContain('no .pilot-slice.json in . or above');
  });
});

describe('update --conflict rej', () => {
  it("keeps the team's lines in the file and writes the template's hunk to a .rej beside it", async () => {
    const { cache, pilot } = await freshPilot();
    await editLine(pilot, 'notes/clash.txt', 5, 'line 5 (yours)');
    await commitAll(pilot, 'team edit');
    const result = await cli('2.0.0', ['update', '--conflict', 'rej'], pilot, cache);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('  apply notes/clash.txt.rej to notes/clash.txt by hand, delete the .rej, then git add notes/clash.txt');
    const text = await read(pilot, 'notes/clash.txt');
    expect(text.split('\n')[4]).toBe('line 5 (yours)');
    expect(text).not.toContain('<<<<<<<');
    expect(await read(pilot, 'notes/clash.txt.rej')).toBe(
      '@@ line 5: the template changed these lines, and so did you; apply by hand\n--- template 1.0.0 (last update)\n-line 5\n+++ template 2.0.0 (after updating)\n+line 5 (template v2)\n',
    );
    const again = await cli('2.0.0', ['update'], pilot, cache);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('notes/clash.txt.rej');
  });
});

describe('update refuses, with exit 2 and nothing changed', () => {
  it('a dirty work tree inside the pilot', async () => {
    const root = await scratch();
    const pilot = await scaffold('1.0.0', root, join(root, 'cache'));
    await editLine(pilot, 'notes/merge.txt', 1, 'uncommitted');
    const before = await snapshot(pilot);
    const result = await cli('2.0.0', ['update'], pilot, join(root, 'cache'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('the pilot has uncommitted changes (notes/merge.txt): commit or stash them first');
    expect(await snapshot(pilot)).toEqual(before);
  });

  it('a downgrade', async () => {
    const root = await scratch();
    const pilot = await scaffold('2.0.0', root, join(root, 'cache'));
    const result = await cli('1.0.0', ['update'], pilot, join(root, 'cache'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('this pilot was made by create-pilot-slice 2.0.0, newer than this 1.0.0');
    // check from the older CLI cannot call a newer pilot up to date: the same refusal, exit 2.
    const checked = await cli('1.0.0', ['check'], pilot, join(root, 'cache'));
    expect(checked.exitCode).toBe(2);
    expect(checked.stdout).not.toContain('up to date');
    expect(checked.stderr).toContain('this pilot was made by create-pilot-slice 2.0.0, newer than this 1.0.0');
  });

  it('a missing or invalid .pilot-slice.json', async () => {
    const root = await scratch();
    const pilot = await scaffold('1.0.0', root, join(root, 'cache'));
    await put(pilot, '.pilot-slice.json', '{"schemaVersion": 2, "generator": {}}\n');
    await commitAll(pilot, 'break provenance');
    const invalid = await cli('2.0.0', ['update'], pilot, join(root, 'cache'));
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toMatch(/\.pilot-slice\.json: .+; restore it from git/);
    const missing = await cli('2.0.0', ['update', 'no-such-pilot'], root, join(root, 'cache'));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^✖ no-such-pilot does not exist: pass the folder of a pilot made by create-pilot-slice \(create-pilot-slice update <folder>\)$/m);
    // check names itself, not update, on a folder that is not a pilot.
    const notPilot = await cli('2.0.0', ['check', 'cache'], root, join(root, 'cache'));
    expect(notPilot.exitCode).toBe(2);
    expect(notPilot.stderr).toMatch(/^✖ cache is not a pilot \(it has no \.pilot-slice\.json\): run check inside a pilot made by create-pilot-slice, or pass its folder$/m);
  });

  it('unmerged index entries left by an earlier update', async () => {
    const { cache, pilot } = await freshPilot();
    await editLine(pilot, 'notes/clash.txt', 5, 'line 5 (yours)');
    await commitAll(pilot, 'team edit');
    expect((await cli('2.0.0', ['update'], pilot, cache)).exitCode).toBe(3);
    // The team removes the markers by hand but never tells git: the index still has stages 1/2/3.
    await put(pilot, 'notes/clash.txt', (await read(pilot, 'notes/clash.txt')).replace(/<<<<<<<[\s\S]*>>>>>>> [^\n]*\n/, 'line 5 (resolved)\n'));
    const result = await cli('2.0.0', ['update'], pilot, cache);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('git has unmerged files in the pilot (notes/clash.txt)');
  });
});

describe('update finds its base', () => {
  it('a pilot inside a monorepo subfolder: only its own subtree is touched, the rest may be dirty', async () => {
    const root = await scratch();
    const cache = join(root, 'cache');
    const repo = join(root, 'repo');
    await put(repo, 'README.md', 'monorepo\n');
    await git(repo, ['init', '--quiet']);
    await commitAll(repo, 'monorepo');
    const pilot = await scaffold('1.0.0', join(repo, 'packages'), cache);
    await editLine(pilot, 'notes/clash.txt', 5, 'line 5 (yours)');
    await commitAll(repo, 'add the pilot');
    await put(repo, 'README.md', 'monorepo, edited and not committed\n');
    const result = await cli('2.0.0', ['update'], pilot, cache);
    expect(result.exitCode).toBe(3);
    expect(await read(repo, 'README.md')).toBe('monorepo, edited and not committed\n');
    expect(await read(pilot, 'notes/untouched.txt')).toBe('v2\n');
    const changed = (await git(repo, ['status', '--porcelain'])).split('\n').map((line) => line.slice(3));
    expect(changed.filter((path) => !path.startsWith('packages/pilot/'))).toEqual(['README.md']);
    expect(await git(repo, ['ls-files', '--unmerged', '--', 'packages/pilot/notes/clash.txt'])).toMatch(/ 1\tpackages\/pilot\/notes\/clash\.txt\n.* 2\t.*\n.* 3\t/);
  });

  it('no cache and no registry: the base comes from git history, and no team change is lost', async () => {
    const root = await scratch();
    const pilot = await scaffold('1.0.0', root, join(root, 'cache-of-the-machine-that-made-it'));
    await editLine(pilot, 'notes/merge.txt', 3, 'line 3 (yours)');
    await commitAll(pilot, 'team edit');
    const result = await cli('2.0.0', ['update'], pilot, join(root, 'an-empty-cache'));
    expect(result.stderr).toContain('templates of create-pilot-slice 1.0.0 not found');
    expect(result.stdout).toMatch(/merge bases: 0 from templates, \d+ from git history, \d+ without a base/);
    const text = await read(pilot, 'notes/merge.txt');
    expect(text.split('\n')[2]).toBe('line 3 (yours)');
    expect(text.split('\n')[39]).toBe('line 40 (template v2)');
    expect(await read(pilot, 'notes/untouched.txt')).toBe('v2\n');
  });

  it('no base at all (no cache, no registry, no git): two-way, and no team change is lost', async () => {
    const root = await scratch();
    const pilot = await scaffold('1.0.0', root, join(root, 'cache-of-the-machine-that-made-it'), ['--no-git']);
    await editLine(pilot, 'notes/merge.txt', 3, 'line 3 (yours)');
    const result = await cli('2.0.0', ['update'], pilot, join(root, 'an-empty-cache'));
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('conflicted notes/merge.txt  (no record of the version generated last time, and you edited it: both versions are shown)');
    const text = await read(pilot, 'notes/merge.txt');
    expect(text).toContain('line 3 (yours)');
    expect(text).toContain('line 40 (template v2)');
    // A file the team never touched still hashes to what provenance recorded, so it takes the new version.
    expect(await read(pilot, 'notes/untouched.txt')).toBe('v2\n');
  });
});

describe('update fetches the recorded version from the registry', () => {
  it('when the cache does not have it: the merge then sees every base, none from history', async () => {
    const root = await scratch();
    const pilot = await scaffold('1.0.0', root, join(root, 'cache-of-the-machine-that-made-it'));
    await editLine(pilot, 'notes/merge.txt', 3, 'line 3 (yours)');
    await commitAll(pilot, 'team edit');
    const registry = await fakeRegistry(root, '1.0.0');
    try {
      const result = await cli('2.0.0', ['update'], pilot, join(root, 'an-empty-cache'), { npm_config_registry: registry.url });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(registry.requests).toContain('/create-pilot-slice/-/create-pilot-slice-1.0.0.tgz');
      expect(result.stdout).not.toContain('merge bases:');
      expect(result.stderr).not.toContain('not found');
      expect((await read(pilot, 'notes/merge.txt')).split('\n')[2]).toBe('line 3 (yours)');
    } finally {
      await registry.close();
    }
  });
});

describe('every exit 3 leaves something to open, and a clean update stays clean', () => {
  it("a binary file changed on both sides: the team's stays, the template's is written beside it as .template", async () => {
    const { cache, pilot } = await freshPilot();
    const ours = Buffer.from([0, 9, 9, 9, 0]);
    await put(pilot, 'assets/logo.bin', ours);
    await commitAll(pilot, 'our logo');
    const result = await cli('2.0.0', ['update'], pilot, cache);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain("conflicted assets/logo.bin  (binary file changed on both sides: kept yours, the template's is beside it as .template)");
    expect(result.stdout).toContain('  compare assets/logo.bin with assets/logo.bin.template, keep the one you want as assets/logo.bin, delete assets/logo.bin.template');
    expect(Buffer.compare(await readFile(join(pilot, 'assets/logo.bin')), ours)).toBe(0);
    expect(Buffer.compare(await readFile(join(pilot, 'assets/logo.bin.template')), logo(2))).toBe(0);
    const again = await cli('2.0.0', ['update'], pilot, cache);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('assets/logo.bin.template');
  });

  it("a mode the team set on a file the template left alone is kept, and the next update is 'Already up to date'", async () => {
    const { cache, pilot } = await freshPilot();
    await chmod(join(pilot, 'team/acme-day-shift.md'), 0o755);
    await commitAll(pilot, 'chmod');
    expect((await cli('2.0.0', ['update'], pilot, cache)).exitCode).toBe(0);
    expect(await isExecutable(pilot, 'team/acme-day-shift.md')).toBe(true);
    await commitAll(pilot, 'update');
    const again = await cli('2.0.0', ['update'], pilot, cache);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('Already up to date: nothing to change.');
    expect(again.stdout).not.toContain('team/acme-day-shift.md');
  });

  it('package.json: a clash on one key is marked on that key alone, everything else merged', async () => {
    const { cache, pilot } = await freshPilot();
    const pkg = JSON.parse(await read(pilot, 'package.json'));
    pkg.dependencies.zod = '^3.5.0';
    pkg.scripts.lint = 'echo lint';
    pkg.engines = { node: '>=22' };
    await put(pilot, 'package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    await commitAll(pilot, 'team edits');
    const result = await cli('2.0.0', ['update'], pilot, cache);
    expect(result.exitCode).toBe(3);
    const text = await read(pilot, 'package.json');
    expect(text.match(/^<<<<<<< /gm)).toHaveLength(1);
    expect(text).toMatch(/<<<<<<< yours \(before updating\)\n {4}"zod": "\^3\.5\.0"\n\|\|\|\|\|\|\| .*\n {4}"zod": "\^3\.0\.0"\n=======\n {4}"zod": "\^4\.0\.0"\n>>>>>>> /);
    expect(text).toContain('"lint": "echo lint"');
    expect(text).toContain('"node": ">=22"');
  });

  it("package.json in CRLF with the team's key order and tabs: a clean merge keeps all three", async () => {
    const { cache, pilot } = await freshPilot();
    const pkg = JSON.parse(await read(pilot, 'package.json'));
    const reordered = { dependencies: pkg.dependencies, name: pkg.name, version: pkg.version, scripts: { ...pkg.scripts, lint: 'echo lint' } };
    await put(pilot, 'package.json', `${JSON.stringify(reordered, null, '\t')}\n`.replace(/\n/g, '\r\n'));
    await commitAll(pilot, 'team layout');
    const result = await cli('2.0.0', ['update'], pilot, cache);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(await read(pilot, 'package.json')).toBe(`${JSON.stringify({ ...reordered, dependencies: { zod: '^4.0.0' } }, null, '\t')}\n`.replace(/\n/g, '\r\n'));
  });

  it('--verify type-checks after a clean update; a failing type-check is exit 1 with one line, the update applied', async () => {
    const { cache, pilot } = await freshPilot();
    const pkg = JSON.parse(await read(pilot, 'package.json'));
    pkg.scripts.typecheck = 'node -e "process.exit(process.env.TYPECHECK_FAILS ? 2 : 0)"';
    await put(pilot, 'package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    await commitAll(pilot, 'a typecheck script');
    const failing = await cli('2.0.0', ['update', '--verify'], pilot, cache, { TYPECHECK_FAILS: '1' });
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toContain('Verifying: npm run typecheck');
    expect(failing.stderr).toMatch(/the updated pilot does not type-check \(npm run typecheck exited 2\); the update is applied/);
    expect(await exists(pilot, 'notes/new.txt')).toBe(true);
    await git(pilot, ['checkout', '--', '.']);
    await git(pilot, ['clean', '-fdq']);
    const passing = await cli('2.0.0', ['update', '--verify'], pilot, cache);
    expect(passing.exitCode, passing.stdout + passing.stderr).toBe(0);
    expect(passing.stdout).toContain('The updated pilot type-checks.');
    const refused = await cli('2.0.0', ['update', '--verify', '--dry-run'], pilot, cache);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('--verify type-checks the updated pilot, so it cannot go with --dry-run');
  });
});
