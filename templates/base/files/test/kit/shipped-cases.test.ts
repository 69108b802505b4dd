/**
 * The shipped example cases are a fair first eval set: enough of them, a third or more hard, and the
 * adversarial ones cover what breaks pilots in production. Counted over every shipped line, labelled
 * or waiting for labels (a pilot generated with its own labels ships them unlabeled).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(process.cwd(), 'evals/cases');
const shipped = readdirSync(dir)
  .filter((name) => name.endsWith('.jsonl') && !name.startsWith('imported-'))
  .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line.trim()))
  .map((line) => JSON.parse(line) as { id: string; tags: string[]; source: string });

const tagged = (tag: string) => shipped.filter((c) => c.tags.includes(tag));

describe('the shipped example cases', () => {
  it('number at least 24, a third or more of them edge or adversarial', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(24);
    const hard = shipped.filter((c) => c.tags.includes('edge') || c.tags.includes('adversarial'));
    expect(hard.length * 3).toBeGreaterThanOrEqual(shipped.length);
  });

  it('include adversarial cases with prompt injection, personal data, empty and very long inputs, and other languages', () => {
    const adversarial = tagged('adversarial');
    for (const tag of ['prompt-injection', 'pii', 'empty', 'long', 'multilingual']) {
      expect(adversarial.filter((c) => c.tags.includes(tag)).map((c) => c.id), `an adversarial case tagged ${tag}`).not.toEqual([]);
    }
    // "Very long" means it: longer than a screen of text.
    for (const c of adversarial.filter((x) => x.tags.includes('long'))) expect(JSON.stringify(c).length).toBeGreaterThan(4000);
  });

  it('say they are shipped examples, so readiness counts them until they are replaced', () => {
    expect(shipped.every((c) => c.source.startsWith('shipped example'))).toBe(true);
  });
});
