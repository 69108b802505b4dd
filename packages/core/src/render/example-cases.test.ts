import { describe, expect, it } from 'vitest';
import { getCompiler } from './handlebars.js';

const cases = [
  JSON.stringify({ id: 'c1', input: { subject: 's', body: 'b' }, expected: { label: 'billing' }, tags: ['happy'], source: 'shipped example', criteria: ['x'] }),
  '',
  JSON.stringify({ id: 'c2', input: { subject: 's', body: 'b' }, expected: { label: 'bug' }, tags: ['edge', 'pii'], source: 'shipped example', criteria: ['y'] }),
].join('\n');
const template = `{{#exampleCases examplesLabelled}}${cases}{{/exampleCases}}`;

describe('the exampleCases helper', () => {
  it('keeps the shipped cases as they are when they fit the sets', async () => {
    const compile = await getCompiler();
    expect(compile(template)({ examplesLabelled: true })).toBe(cases);
  });

  it('drops expected and the default-set criteria and tags each case unlabeled when the team chose its own sets', async () => {
    const compile = await getCompiler();
    const lines = compile(template)({ examplesLabelled: false }).split('\n');
    expect(lines[1]).toBe('');
    const [first, , second] = lines.map((line) => (line ? JSON.parse(line) : null));
    expect(first).toEqual({ id: 'c1', input: { subject: 's', body: 'b' }, tags: ['happy', 'unlabeled'], source: 'shipped example', criteria: [] });
    expect(second.tags).toEqual(['edge', 'pii', 'unlabeled']);
    expect(second).not.toHaveProperty('expected');
  });

  it('gives each unlabeled copy the fields an imported case has: no expected, criteria an empty list', async () => {
    const compile = await getCompiler();
    const imported = { id: 'imp-1', input: { subject: 's', body: 'b' }, tags: ['unlabeled'], source: 'imported from sqlite', criteria: [] };
    for (const line of compile(template)({ examplesLabelled: false }).split('\n').filter(Boolean)) {
      const copy = JSON.parse(line);
      expect(Object.keys(copy).sort()).toEqual(Object.keys(imported).sort());
      expect(copy.criteria).toEqual([]);
    }
  });
});
