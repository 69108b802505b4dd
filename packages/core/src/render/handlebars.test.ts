import { describe, expect, it } from 'vitest';
import { getCompiler, precompileTemplate } from './handlebars.js';

const SOURCE = '# {{pascalCase name}}\n{{json description}}\n{{#each items}}- {{this}}\n{{/each}}';
const CONTEXT = { name: 'my pilot', description: 'say "hi" & {{x}}', items: ['a', 'b'] };

describe('getCompiler', () => {
  it('renders a precompiled template exactly as compiling it would', async () => {
    const precompiled = new Map([[SOURCE, await precompileTemplate(SOURCE)]]);
    const fresh = (await getCompiler())(SOURCE)(CONTEXT);
    const ahead = (await getCompiler(precompiled))(SOURCE)(CONTEXT);
    const announced = (await getCompiler(precompiled, [SOURCE]))(SOURCE)(CONTEXT);
    expect(ahead).toBe(fresh);
    expect(announced).toBe(fresh);
    expect(ahead).toBe('# MyPilot\n"say \\"hi\\" & {{x}}"\n- a\n- b\n');
  });

  it('ignores an entry for other source, so a stale map cannot change output', async () => {
    const precompiled = new Map([[SOURCE, await precompileTemplate('something else {{name}}')]]);
    expect((await getCompiler(precompiled))('{{name}}!')({ name: 'x' })).toBe('x!');
  });

  it('keeps strict mode in precompiled templates', async () => {
    const source = 'Hello {{ownr}}';
    const precompiled = new Map([[source, await precompileTemplate(source)]]);
    const compile = await getCompiler(precompiled);
    expect(() => compile(source)({ owner: 'x' })).toThrow(/"ownr" not defined/);
  });
});
