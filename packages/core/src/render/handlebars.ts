import nodePlop from 'node-plop';

type Compile = (template: string) => (context: object) => string;

/** node-plop passes its Handlebars instance through at runtime; its typings leave it out. */
interface PlopHandlebars {
  handlebars: { compile(template: string, options: { noEscape: boolean; strict: boolean }): (context: object) => string };
}

let compiler: Promise<Compile> | undefined;

/**
 * Handlebars through node-plop, so templates get plop's case helpers (kebabCase, pascalCase, ...).
 * plop.renderString HTML-escapes and is lenient about unknown variables; pilots are code, not HTML,
 * and a typo in a template should fail loudly, so we compile with noEscape and strict on plop's instance.
 * Output is never re-rendered, which is why an answer containing `{{` comes out literally.
 */
export function getCompiler(): Promise<Compile> {
  compiler ??= (async () => {
    const plop = await nodePlop();
    plop.setHelper('json', (value: unknown) => JSON.stringify(value));
    plop.renderString('', {}); // registers plop's helpers and ours on plop.handlebars
    const { handlebars } = plop as unknown as PlopHandlebars;
    return (template: string) => handlebars.compile(template, { noEscape: true, strict: true });
  })();
  return compiler;
}
