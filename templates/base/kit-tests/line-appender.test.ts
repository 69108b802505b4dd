import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLineAppender } from '../../src/kit/server/line-appender.js';
import { tempDir } from './helpers/temp-dir.js';

const scratch = () => tempDir('line-appender');
const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('line appender', () => {
  it('writes every line once, in the order appended, created owner-only', async () => {
    const file = join(scratch(), 'audit.jsonl');
    const appender = createLineAppender(file);
    // Appended together, so they share writes; each promise still waits for its own line.
    await Promise.all(Array.from({ length: 50 }, (_, i) => appender.append(`line ${i}\n`)));
    await appender.append('last\n');
    expect(linesOf(file)).toEqual([...Array.from({ length: 50 }, (_, i) => `line ${i}`), 'last']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await appender.close();
  });

  it('has the line in the file when its append resolves', async () => {
    const file = join(scratch(), 'audit.jsonl');
    const appender = createLineAppender(file);
    await appender.append('first\n');
    expect(linesOf(file)).toEqual(['first']);
    await appender.append('second\n');
    expect(linesOf(file)).toEqual(['first', 'second']);
    await appender.close();
  });

  it('rejects the lines of a failed write, then writes again once the path is usable', async () => {
    const dir = scratch();
    const file = join(dir, 'audit.jsonl');
    mkdirSync(file); // a directory where the file should be: every open fails
    const appender = createLineAppender(file);
    const results = await Promise.allSettled([appender.append('a\n'), appender.append('b\n')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'EISDIR' });
    rmSync(file, { recursive: true });
    await appender.append('c\n');
    expect(linesOf(file)).toEqual(['c']);
    await appender.close();
  });

  it('follows the path when the file is moved away, as log rotation does', async () => {
    const dir = scratch();
    const file = join(dir, 'audit.jsonl');
    const appender = createLineAppender(file);
    await appender.append('before\n');
    renameSync(file, join(dir, 'audit.jsonl.1'));
    await appender.append('after\n');
    expect(linesOf(join(dir, 'audit.jsonl.1'))).toEqual(['before']);
    expect(linesOf(file)).toEqual(['after']);
    await appender.close();
  });

  it('close writes what is queued, then refuses new lines', async () => {
    const file = join(scratch(), 'audit.jsonl');
    const appender = createLineAppender(file);
    const queued = appender.append('queued\n');
    await appender.close();
    await expect(queued).resolves.toBeUndefined();
    expect(linesOf(file)).toEqual(['queued']);
    await expect(appender.append('late\n')).rejects.toThrow(/closed/);
    expect(linesOf(file)).toEqual(['queued']);
  });

  it('cuts a fragment at the end of the file (a write that stopped midway) back to the last whole line before appending', async () => {
    const dir = scratch();
    const torn = join(dir, 'torn.jsonl');
    writeFileSync(torn, '{"a":1}\n{"b":"half a rec');
    const appender = createLineAppender(torn);
    await appender.append('{"c":3}\n');
    expect(readFileSync(torn, 'utf8')).toBe('{"a":1}\n{"c":3}\n');
    await appender.close();
    const fragmentOnly = join(dir, 'fragment.jsonl');
    writeFileSync(fragmentOnly, '{"b":"half');
    const again = createLineAppender(fragmentOnly);
    await again.append('{"c":3}\n');
    expect(readFileSync(fragmentOnly, 'utf8')).toBe('{"c":3}\n');
    await again.close();
  });
});

/**
 * A real full disk: a 64 KiB tmpfs (mounting needs root, so elsewhere this says so in one line and
 * skips). The disk takes what fits of the write that fills it, up to a page, then fails with ENOSPC;
 * the appender must cut that fragment off, and once space is back, write whole lines again.
 */
describe('line appender on a full disk', () => {
  const dir = tempDir('line-appender-tmpfs');
  let mounted = false;
  beforeAll(() => {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
      mounted = true;
    } catch (err) {
      console.log(
        `line-appender: full-disk test skipped, cannot mount a 64k tmpfs here (${
          String((err as { stderr?: Buffer }).stderr ?? err)
            .trim()
            .split('\n')[0]
        })`,
      );
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [dir]);
  });

  it('leaves only whole JSON lines when the disk fills mid-record, and appends whole lines once space is back', async (context) => {
    if (!mounted) context.skip();
    const filler = join(dir, 'filler');
    writeFileSync(filler, Buffer.alloc(16 * 1024));
    const file = join(dir, 'audit.jsonl');
    const appender = createLineAppender(file);
    const record = (i: number) => `${JSON.stringify({ i, pad: 'x'.repeat(1_000 + (i % 7) * 37) })}\n`;
    let i = 0;
    let failure: unknown;
    for (; i < 200 && failure === undefined; i++) await appender.append(record(i)).catch((err: unknown) => (failure = err));
    expect(failure).toMatchObject({ code: 'ENOSPC' });
    const whole = (text: string) =>
      text
        .split('\n')
        .slice(0, -1)
        .map((line) => JSON.parse(line) as { i: number });
    const afterFailure = readFileSync(file, 'utf8');
    expect(afterFailure.endsWith('\n')).toBe(true);
    expect(whole(afterFailure).map((r) => r.i)).toEqual(Array.from({ length: i - 1 }, (_, k) => k)); // every record before the one that failed
    rmSync(filler); // space comes back
    await appender.append(record(1_000));
    const afterRecovery = readFileSync(file, 'utf8');
    expect(afterRecovery.endsWith('\n')).toBe(true);
    expect(whole(afterRecovery).map((r) => r.i)).toEqual([...Array.from({ length: i - 1 }, (_, k) => k), 1_000]);
    await appender.close();
  });
});
