import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANSWERS_FILE_MAX_BYTES, readAnswersFile } from './answers-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'answers-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readAnswersFile', () => {
  it('reads a regular file of answers', () => {
    writeFileSync(join(dir, 'a.json'), '{"owner": "@acme/ai"}');
    expect(readAnswersFile(join(dir, 'a.json'), 'a.json')).toEqual({ owner: '@acme/ai' });
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(() => readAnswersFile(join(dir, 'fifo'), 'fifo')).toThrow('--answers-file fifo: a FIFO, not a regular file; pass a JSON file');
  });

  it('refuses a device, and a link to one, before reading a byte', () => {
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    expect(() => readAnswersFile('/dev/zero', '/dev/zero')).toThrow('--answers-file /dev/zero: a device, not a regular file; pass a JSON file');
    expect(() => readAnswersFile(join(dir, 'zero.json'), 'zero.json')).toThrow('--answers-file zero.json: a device, not a regular file');
  });

  it('refuses a folder', () => {
    mkdirSync(join(dir, 'answers.json'));
    expect(() => readAnswersFile(join(dir, 'answers.json'), 'answers.json')).toThrow('--answers-file answers.json: a folder, not a regular file');
  });

  it('refuses a file over the cap, naming the size and the cap', () => {
    writeFileSync(join(dir, 'big.json'), `{"description": "${'x'.repeat(ANSWERS_FILE_MAX_BYTES)}"}`);
    expect(() => readAnswersFile(join(dir, 'big.json'), 'big.json')).toThrow(
      `--answers-file big.json: ${ANSWERS_FILE_MAX_BYTES + 19} bytes, more than the 1048576 (1 MiB) an answers file may have`,
    );
  });

  it('names a missing file by its code', () => {
    expect(() => readAnswersFile(join(dir, 'nope.json'), 'nope.json')).toThrow('--answers-file nope.json: cannot read it (ENOENT); check the path');
  });
});
