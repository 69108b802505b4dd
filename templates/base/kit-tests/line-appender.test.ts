import { mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
