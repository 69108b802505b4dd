import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, capProblems, escapeExcerpt, readInputFile } from '../../src/kit/evals/input-file.js';
import { parseCriteria } from '../../src/kit/evals/criteria.js';
import { tempDir } from './helpers/temp-dir.js';

describe('bounded reads of eval inputs', () => {
  const root = tempDir('pilot-root');
  const read = (name: string, max = 1024) => readInputFile(join(root, name), 'case file', max, root);
  const refusal = (name: string, max = 1024) => {
    try {
      read(name, max);
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return (err as Error).message;
    }
    throw new Error(`${name} was read`);
  };

  it('reads a regular UTF-8 file inside the pilot, also through a link that stays inside', () => {
    writeFileSync(join(root, 'ok.jsonl'), '{"a":"é"}\n');
    symlinkSync(join(root, 'ok.jsonl'), join(root, 'inside.jsonl'));
    expect(read('ok.jsonl')).toBe('{"a":"é"}\n');
    expect(read('inside.jsonl')).toBe('{"a":"é"}\n');
  });

  it('refuses what is not a small regular text file inside the pilot, naming the reason', () => {
    symlinkSync('/dev/zero', join(root, 'zero.jsonl'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling.jsonl'));
    mkdirSync(join(root, 'dir.jsonl'));
    writeFileSync(join(root, 'big.jsonl'), 'x'.repeat(2048));
    writeFileSync(join(root, 'nul.jsonl'), Buffer.from([0x7b, 0x00, 0x7d]));
    writeFileSync(join(root, 'latin1.jsonl'), Buffer.from([0x7b, 0xe9, 0x7d]));
    expect(refusal('zero.jsonl')).toBe('zero.jsonl: case file is a symlink that leaves the pilot (to /dev/zero); copy the file into the pilot instead');
    expect(refusal('dangling.jsonl')).toMatch(/^dangling\.jsonl: case file is a dangling symlink \(to .*nowhere, which does not exist\)$/);
    expect(refusal('dir.jsonl')).toBe('dir.jsonl: case file is a directory, not a regular file');
    expect(refusal('big.jsonl')).toBe('big.jsonl: case file is 2 KiB, over the 1 KiB cap for case files; split it into smaller files');
    expect(refusal('nul.jsonl')).toBe('nul.jsonl: case file is binary, not text (a NUL byte at offset 1)');
    expect(refusal('latin1.jsonl')).toBe('latin1.jsonl: case file is not UTF-8 text; save it as UTF-8');
    expect(refusal('missing.jsonl')).toBe('missing.jsonl: case file does not exist');
  });

  it('escapes control and bidi characters and cuts excerpts short', () => {
    expect(escapeExcerpt('a\u001b[31mb\u0007\u202e')).toBe('a\\x1b[31mb\\x07\\u{202e}');
    expect(escapeExcerpt('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}…`);
  });

  it('caps problems at 20 and counts the rest', () => {
    const lines = capProblems(Array.from({ length: 25 }, (_, i) => `p${i}`));
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('... and 5 more problem(s) not shown (fix the ones above and run again)');
    expect(capProblems(['one'])).toEqual(['one']);
  });

  it('refuses a YAML alias bomb without expanding it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const result = parseCriteria(bomb);
    expect(result).toEqual({ errors: [expect.stringMatching(/^success-criteria\.yaml: refused: its YAML aliases expand too far \(over 100 expansions/)] });
  });
});
