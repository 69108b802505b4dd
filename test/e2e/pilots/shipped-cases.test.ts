// Every use case ships a fair first eval set: at least 24 cases, a third or more of them edge or
// adversarial, and adversarial ones covering what breaks pilots in production. Checked here, on the
// generator's own output, not in the pilots: the cases become the team's, and their set is theirs.
// (Each pilot's own test/kit/evals.test.ts validates every line against its schema.)
import { describe, expect, inject, it } from 'vitest';
import { readCases } from '../../support/pilot.js';

const pilots = inject('matrix').filter((combo) => combo.full);

describe.each(pilots)('the $useCase pilot’s shipped cases', ({ dir }) => {
  it('number at least 24, a third or more of them edge or adversarial, all marked as shipped examples', async () => {
    const cases = await readCases(dir);
    expect(cases.length).toBeGreaterThanOrEqual(24);
    const hard = cases.filter((c) => c.tags.includes('edge') || c.tags.includes('adversarial'));
    expect(hard.length * 3).toBeGreaterThanOrEqual(cases.length);
    expect(cases.every((c) => c.source.startsWith('shipped example'))).toBe(true);
  });

  it('include adversarial cases with prompt injection, personal data, empty and very long inputs, and other languages', async () => {
    const adversarial = (await readCases(dir)).filter((c) => c.tags.includes('adversarial'));
    for (const tag of ['prompt-injection', 'pii', 'empty', 'long', 'multilingual']) {
      expect(
        adversarial.filter((c) => c.tags.includes(tag)).map((c) => c.id),
        `an adversarial case tagged ${tag}`,
      ).not.toEqual([]);
    }
    for (const c of adversarial.filter((x) => x.tags.includes('long'))) expect(JSON.stringify(c.input).length, c.id).toBeGreaterThan(4000);
    for (const c of adversarial.filter((x) => x.tags.includes('empty'))) expect(JSON.stringify(c.input).replace(/[^A-Za-z0-9]/g, '').length, c.id).toBeLessThan(20);
  });
});
