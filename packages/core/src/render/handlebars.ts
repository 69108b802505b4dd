import nodePlop from 'node-plop';
import { sha256 } from '../tree/hash.js';

type Template = (context: object) => string;
export type Compile = (template: string) => Template;

/**
 * Templates compiled ahead of time, by the sha256 of their source: the CLI's build precompiles every
 * shipped `.hbs`, because parsing Handlebars cold costs more than the rest of a scaffold. A source
 * with no entry (a test fixture, an edited template) is compiled on the spot, so a stale map is harmless.
 */
export type PrecompiledTemplates = ReadonlyMap<string, string>;

const OPTIONS = { noEscape: true, strict: true } as const;

/** node-plop passes its Handlebars instance through at runtime; its typings leave it out. */
interface PlopHandlebars {
  handlebars: {
    compile(template: string, options: typeof OPTIONS): Template;
    precompile(template: string, options: typeof OPTIONS): string;
    template(spec: unknown): Template;
  };
}

let instance: Promise<PlopHandlebars['handlebars']> | undefined;

/**
 * Handlebars through node-plop, so templates get plop's case helpers (kebabCase, pascalCase, ...).
 * plop.renderString HTML-escapes and is lenient about unknown variables; pilots are code, not HTML,
 * and a typo in a template should fail loudly, so we compile with noEscape and strict on plop's instance.
 * Output is never re-rendered, which is why an answer containing `{{` comes out literally.
 */
function plopHandlebars(): Promise<PlopHandlebars['handlebars']> {
  instance ??= (async () => {
    const plop = await nodePlop();
    plop.setHelper('json', (value: unknown) => JSON.stringify(value));
    plop.renderString('', {}); // registers plop's helpers and ours on plop.handlebars
    return (plop as unknown as PlopHandlebars).handlebars;
  })();
  return instance;
}

export async function getCompiler(precompiled: PrecompiledTemplates = new Map()): Promise<Compile> {
  const handlebars = await plopHandlebars();
  return (template) => {
    const spec = precompiled.get(sha256(template));
    // The spec is JavaScript that Handlebars itself generated at build time from this exact source.
    return spec ? handlebars.template(new Function(`return ${spec}`)()) : handlebars.compile(template, OPTIONS);
  };
}

/** What the build stores for a template: Handlebars' own precompiled form, with the options used at run time. */
export async function precompileTemplate(template: string): Promise<string> {
  return (await plopHandlebars()).precompile(template, OPTIONS);
}
