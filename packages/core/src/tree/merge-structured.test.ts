import { describe, expect, it } from 'vitest';
import { mergeJson, mergeLines, mergeStructured } from './merge-structured.js';

describe('mergeJson', () => {
  it('merges objects key by key, concatenates arrays without duplicates and lets a later scalar win', () => {
    expect(mergeJson({ a: { x: 1 }, list: [1, 2], v: 'old' }, { a: { y: 2 }, list: [2, 3], v: 'new' })).toEqual({
      a: { x: 1, y: 2 },
      list: [1, 2, 3],
      v: 'new',
    });
  });

  it('keeps the earlier key order so package.json stays readable', () => {
    const merged = mergeStructured('json', '{"name":"p","scripts":{"test":"t"}}', '{"dependencies":{},"scripts":{"seed":"s"}}');
    expect(Object.keys(JSON.parse(merged))).toEqual(['name', 'scripts', 'dependencies']);
    expect(merged.endsWith('}\n')).toBe(true);
  });

  it('throws on invalid JSON so the caller can name the file', () => {
    expect(() => mergeStructured('json', '{}', '{ nope')).toThrow();
  });
});

describe('mergeLines', () => {
  it('appends new lines and skips lines already present', () => {
    expect(mergeLines('A=1\nB=2\n', 'B=2\nC=3\n')).toBe('A=1\nB=2\nC=3\n');
  });

  it('adds a final newline when the earlier text had none', () => {
    expect(mergeLines('A=1', 'B=2')).toBe('A=1\nB=2\n');
  });
});
