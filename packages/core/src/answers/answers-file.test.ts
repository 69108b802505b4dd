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
    expect(() => readAnswersFile(join(dir, 'zero.json'), 'zero.json')).toThrow(
      '--answers-file zero.json: a symbolic link (to /dev/zero), not a regular file; pass the file itself',
    );
  });

  it('refuses a symbolic link even to a readable file, quoting none of it', () => {
    writeFileSync(join(dir, 'secret'), 'root:*:20201:0:99999:7:::\n');
    symlinkSync(join(dir, 'secret'), join(dir, 'a.json'));
    const run = () => readAnswersFile(join(dir, 'a.json'), 'a.json');
    expect(run).toThrow(`--answers-file a.json: a symbolic link (to ${join(dir, 'secret')}), not a regular file; pass the file itself`);
    expect(run).not.toThrow(/root/);
  });

  it.each([
    ['text that is not JSON', 'root:*:20201:0:99999:7:::\n', /^x\.json: not valid JSON; fix the file or drop --answers-file$/],
    ['JSON cut short', '{"owner": "@acme/ai", ', /^x\.json: not valid JSON \(at line 1, column 23\); fix the file/],
    ['a stray word on line 2', '{\n"owner": "@acme/ai" x}', /^x\.json: not valid JSON \(at line 2, column 21\); fix the file/],
    ['an empty file', '', /^x\.json: not valid JSON \(it ends too early\); fix the file/],
  ])('says where %s breaks without quoting a byte of it', (_, text, message) => {
    writeFileSync(join(dir, 'x.json'), text);
    const run = () => readAnswersFile(join(dir, 'x.json'), 'x.json');
    expect(run).toThrow(message);
    expect(run).not.toThrow(/root|20201|acme/);
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
