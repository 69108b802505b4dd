import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, inject, it } from 'vitest';
import { entries, errorLines, runCli, userEnv, workDir } from '../../support/run-cli.js';

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
    await expectRefused(
      ['p', '--use-case', 'triage', '--labels', 'a,b', ...OWNER, ...QUIET],
      /^✖ --labels is for the classify use case, not triage: drop it, or choose --use-case classify$/,
    );
    await expectRefused(['p', '--use-case', 'triage', '--answers-file', 'a.json', ...OWNER, ...QUIET], /^✖ a\.json: labels is for the classify use case, not triage/, (cwd) =>
      writeFile(join(cwd, 'a.json'), '{"labels": ["a", "b"]}'),
    );
    await expectRefused(['p', '--use-case', 'extract', '--fields', 'total:money', ...OWNER, ...QUIET], /--fields: each type must be one of string, number, date, boolean/);
  });

  it('a label one character too long, told the whole rule', async () => {
    const long = `a${'b'.repeat(40)}`;
    await expectRefused(
      ['p', '--labels', `refund,${long}`, ...OWNER, ...QUIET],
      new RegExp(
        `^✖ --labels: "${long}" \\(41 characters\\) is not a valid name: use a lower-case letter, then lower-case letters, digits or _, at most 40 characters in all \\(e\\.g\\. refund,shipping,other\\)$`,
      ),
    );
  });

  it.each([
    [['--use-case', 'summarise'], /^✖ --use-case: use case must be one of: classify, triage, summarize, draft, extract; did you mean summarize\?$/],
    [['--connector', 'postgress'], /^✖ --connector: connector must be one of: sqlite, postgres, csv, http; did you mean postgres\?$/],
    [['--auth', 'apikey'], /^✖ --auth: auth must be one of: oidc, api-key, gateway; did you mean api-key\?$/],
    [['--conector', 'csv'], /^✖ unknown option --conector \(did you mean --connector\?\); run create-pilot-slice --help$/],
  ])('a typo gets a did-you-mean: %j', async (flag, message) => {
    await expectRefused(['p', ...flag, ...OWNER, ...QUIET], message);
  });

  it('a single-valued flag given twice with two values, naming both', async () => {
    await expectRefused(
      ['p', '--connector', 'csv', '--connector', 'sqlite', ...OWNER, ...QUIET],
      /^✖ --connector was given twice, as "csv" and "sqlite"; pass it once, with the value you mean$/,
    );
  });

  it.each([['<!-- hidden -->'], ['Sorts mail</script><script>alert(1)'], ['Runs `rm -rf`']])('markup in --description: %s', async (text) => {
    await expectRefused(
      ['p', ...OWNER, ...QUIET, '--description', text],
      /^✖ --description: description must be plain text without < > or ` \(README\.md would read them as HTML or code\); letters, digits, spaces and other punctuation are fine$/,
    );
  });

  it('a decision date in the past', async () => {
    await expectRefused(['p', '--decision-date', '2020-01-31', ...OWNER, ...QUIET], /^✖ --decision-date: 2020-01-31 is in the past \(today is \d{4}-\d{2}-\d{2}\)/);
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

  it.each([
    ['U+0085', '\u0085'],
    ['U+2028', '\u2028'],
  ])('a description broken by %s, a line break to README and RUNBOOK', async (_, separator) => {
    await expectRefused(
      ['p', ...OWNER, ...QUIET, '--description', `Route mail${separator}to queues`],
      /--description: description must be a single line of text, with no control characters or line separators$/,
    );
  });

  it.each([
    ['a right-to-left override in --description', ['--description', 'Route mail\u202e seueuq ot']],
    ['a right-to-left isolate in --oncall', ['--oncall', '@acme/\u2067ai']],
  ])('%s', async (_, flag) => {
    await expectRefused(['p', ...OWNER, ...QUIET, ...flag], /: \w+ must not contain bidirectional control characters \(U\+202A-U\+202E/);
  });

  it('a bidi control in an --answers-file', async () => {
    await expectRefused(['p', '--answers-file', 'answers.json', ...QUIET], /answers\.json: description: description must not contain bidirectional control characters/, (cwd) =>
      writeFile(join(cwd, 'answers.json'), JSON.stringify({ owner: '@acme/ai', description: 'Route\u2066 mail' })),
    );
  });

  it('an --answers-file that is a symbolic link, refused without following it or quoting the file behind it', async () => {
    const secrets = await workDir();
    await writeFile(join(secrets, 'shadow'), 'root:*:20201:0:99999:7:::\n');
    await expectRefused(
      ['p', '--answers-file', 'answers.json', ...QUIET],
      new RegExp(`^✖ --answers-file answers\\.json: a symbolic link \\(to ${secrets}/shadow\\), not a regular file; pass the file itself$`),
      (cwd) => symlink(join(secrets, 'shadow'), join(cwd, 'answers.json')),
    );
  });

  it('an --answers-file that is not JSON at all: said so, without quoting its first bytes', async () => {
    await expectRefused(['p', '--answers-file', 'shadow', ...QUIET], /^✖ shadow: not valid JSON; fix the file or drop --answers-file$/, (cwd) =>
      writeFile(join(cwd, 'shadow'), 'root:*:20201:0:99999:7:::\n'),
    );
  });

  it('--answers-file /dev/zero, at once and without reading it', async () => {
    await expectRefused(['p', '--answers-file', '/dev/zero', ...QUIET], /--answers-file \/dev\/zero: a device, not a regular file; pass a JSON file$/);
  });

  it('an --answers-file that is a FIFO nobody writes to, at once', async () => {
    await expectRefused(['p', '--answers-file', 'answers.fifo', ...QUIET], /--answers-file answers\.fifo: a FIFO, not a regular file; pass a JSON file$/, async (cwd) => {
      await execa('mkfifo', [join(cwd, 'answers.fifo')]);
    });
  });

  it('an --answers-file over the size cap, naming the cap', async () => {
    await expectRefused(
      ['p', '--answers-file', 'big.json', ...QUIET],
      /--answers-file big\.json: 2097152 bytes, more than the 1048576 \(1 MiB\) an answers file may have$/,
      (cwd) => writeFile(join(cwd, 'big.json'), Buffer.alloc(2 * 1024 * 1024, 0x20)),
    );
  });

  it('flags npm kept for itself: npm create pilot-slice p6 --owner @x/y, without --', { timeout: 120_000 }, async () => {
    // npm exec is what npm create runs; without --, npm reads --owner as its own option.
    const cwd = await workDir();
    const result = await execa('npm', ['exec', '--yes', '--package', inject('tarball'), 'create-pilot-slice', 'p6', '--owner', '@x/y'], {
      cwd,
      env: userEnv(),
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    expect(result.exitCode).toBe(2);
    const ours = result.stderr.split('\n').filter((line) => line.startsWith('✖'));
    expect(ours).toEqual([
      '✖ npm read --owner as its own option, so create-pilot-slice never got it; npm needs -- before flags: npm create pilot-slice@latest my-pilot -- --owner @acme/support-ai',
    ]);
    expect(await entries(cwd)).toEqual([]);
  });
});

describe('file-system refusals: exit 2, one line naming the path and the reason, nothing written', () => {
  it('a path with a name too long for the file system (ENAMETOOLONG)', async () => {
    const long = 'a'.repeat(300);
    await expectRefused([`${long}/p`, ...OWNER, ...QUIET], new RegExp(`^✖ ${long}/p: a name in the path is too long \\(ENAMETOOLONG\\); choose a shorter path$`));
  });

  it('a path through a file (ENOTDIR)', async () => {
    await expectRefused(['notes/p', ...OWNER, ...QUIET], /^✖ notes\/p: a part of the path is a file, not a folder \(ENOTDIR\); choose a path made of folders$/, (cwd) =>
      writeFile(join(cwd, 'notes'), 'x'),
    );
  });

  it('a path through a link to nowhere (ENOENT)', async () => {
    await expectRefused(['dangling/p', ...OWNER, ...QUIET], /^✖ dangling: no such file or folder \(ENOENT\); check the path \(a symbolic link on it may point nowhere\)$/, (cwd) =>
      symlink('/nonexistent/pilot-slice-e2e', join(cwd, 'dangling')),
    );
  });
});

describe('a target on a kernel pseudo file system: exit 2, one line, nothing tried', () => {
  const FIX = 'a kernel pseudo file system that cannot hold a pilot; choose a folder on a disk';

  it.each([
    ['/proc/pilot-slice-e2e', '/proc'],
    ['/sys/pilot-slice-e2e', '/sys'],
    ['/dev/pilot-slice-e2e', '/dev'],
  ])('%s', async (target, root) => {
    const cwd = await workDir();
    const result = await runCli([target, ...OWNER, ...QUIET], cwd);
    expect(result.exitCode).toBe(2);
    expect(errorLines(result)).toEqual([`✖ ${target} is on ${root}, ${FIX}`]);
    expect(await entries(root)).not.toContain('pilot-slice-e2e');
  });

  it('/proc/x/y, where making the parents would spin deaf to signals, at once', async () => {
    const cwd = await workDir();
    // Killed outright if it spins: SIGTERM does not reach a process stuck in that loop.
    const result = await execa(inject('cliBin'), ['/proc/x/y', ...OWNER, ...QUIET], {
      cwd,
      env: userEnv(),
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      timeout: 20_000,
      killSignal: 'SIGKILL',
    });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`✖ /proc/x/y is on /proc, ${FIX}`);
  });

  it('a link into /proc, judged by where it leads', async () => {
    await expectRefused(['self/p', ...OWNER, ...QUIET], new RegExp(`^✖ self/p \\(which is /proc/\\d+/p\\) is on /proc, ${FIX}$`), (cwd) =>
      symlink('/proc/self', join(cwd, 'self')),
    );
  });

  // Root may write anywhere, and CI runs as root: there the mapping is covered by file-system-error.test.ts.
  it.skipIf(process.getuid?.() === 0)('a folder without write permission (EACCES)', async () => {
    await expectRefused(['locked/p', ...OWNER, ...QUIET], /^✖ locked: permission denied \(EACCES\); choose a folder you can write to$/, async (cwd) => {
      await mkdir(join(cwd, 'locked'));
      await chmod(join(cwd, 'locked'), 0o555);
    });
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

  it('refuses a target that is a symlink, writing nothing where it points', async () => {
    const elsewhere = await workDir();
    await expectRefused(['link', ...OWNER, ...QUIET], new RegExp(`^✖ link is a symbolic link \\(to ${elsewhere}\\); name the folder itself, or choose a new folder name$`), (dir) =>
      symlink(elsewhere, join(dir, 'link')),
    );
    expect(await entries(elsewhere)).toEqual([]);
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
