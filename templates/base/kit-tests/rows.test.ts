import { describe, expect, it } from 'vitest';
import { Reservoir, decodeBytes, plainValue, rowContains, toRow } from '../../src/kit/connectors/rows.js';

describe('connector row helpers', () => {
  it('decodes UTF-8, and latin-1 when the bytes are not UTF-8', () => {
    expect(decodeBytes(Buffer.from('Café ✓', 'utf8'))).toBe('Café ✓');
    expect(decodeBytes(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).toBe('Café');
  });

  it('turns source values into plain rows with a text id, or null without one', () => {
    expect(plainValue(new Date('2026-03-01T09:12:00Z'))).toBe('2026-03-01T09:12:00.000Z');
    expect(plainValue(12n)).toBe('12');
    expect(toRow({ id: 7, body: Buffer.from('hi') })).toEqual({ id: '7', body: 'hi' });
    expect(toRow({ id: '  ', body: 'x' })).toBeNull();
    expect(toRow({ body: 'x' })).toBeNull();
    expect(toRow({ key: 'k-1' }, 'key')).toEqual({ id: 'k-1', key: 'k-1' });
  });

  it('searches text case-insensitively, nested values included', () => {
    const row = { id: '1', subject: 'Refund', meta: { tags: ['VIP'] }, empty: null };
    expect(rowContains(row, 'refund')).toBe(true);
    expect(rowContains(row, 'vip')).toBe(true);
    expect(rowContains(row, 'nope')).toBe(false);
  });

  it('samples uniformly without repeats, in O(n) memory', () => {
    const counts = new Array<number>(10).fill(0);
    for (let run = 0; run < 2000; run += 1) {
      const reservoir = new Reservoir<number>(3);
      for (let i = 0; i < 10; i += 1) reservoir.offer(i);
      const picked = reservoir.take();
      expect(new Set(picked).size).toBe(3);
      for (const i of picked) counts[i] = (counts[i] ?? 0) + 1;
    }
    // Each item should be picked ~600 times (3/10 of 2000); allow wide noise.
    for (const count of counts) expect(count).toBeGreaterThan(450);
  });
});
