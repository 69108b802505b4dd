import { describe, expect, it } from 'vitest';
import { getCompiler, precompileTemplate } from './handlebars.js';

const SOURCE = '{{listLiteral labels before="  export const labels = " after=" as const;"}}\n';
const formatter = { lineWidth: 60, indentWidth: 2 };
const render = async (labels: string[], root: object = { formatter }) => (await getCompiler())(SOURCE)({ labels, ...root });

describe('listLiteral', () => {
  it('writes the whole line while it fits in the line width, the bound included', async () => {
    const exactly60 = "  export const labels = ['aaaaaaaa', 'bbbbbbbbbb'] as const;";
    expect(exactly60).toHaveLength(60);
    expect(await render(['aaaaaaaa', 'bbbbbbbbbb'])).toBe(`${exactly60}\n`);
  });

  it('puts one item a line, one level deeper and with a trailing comma, once the line is one over', async () => {
    expect(await render(['aaaaaaaa', 'bbbbbbbbbbb'])).toBe("  export const labels = [\n    'aaaaaaaa',\n    'bbbbbbbbbbb',\n  ] as const;\n");
  });

  it("uses biome's defaults (80 columns) without formatter settings, and the same helper precompiled", async () => {
    const labels = ['a'.repeat(19), 'b'.repeat(19)]; // 24 + 46 + 10 = 80 columns
    expect(await render(labels, {})).toBe(`  export const labels = ['${labels[0]}', '${labels[1]}'] as const;\n`);
    expect((await render([...labels, 'c'], {})).split('\n')).toHaveLength(6);
    const precompiled = new Map([[SOURCE, await precompileTemplate(SOURCE)]]);
    const ahead = (await getCompiler(precompiled, [SOURCE]))(SOURCE)({ labels: [...labels, 'c'.repeat(20)], formatter });
    expect(ahead.split('\n')).toHaveLength(6);
  });

  it('refuses what is not a list, naming the helper', async () => {
    await expect(async () => (await getCompiler())(SOURCE)({ labels: 'a,b', formatter })).rejects.toThrow(/listLiteral needs a list/);
  });
});
