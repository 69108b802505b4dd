import handlebarsRuntime from 'handlebars/runtime.js';
import plopHelpers from 'node-plop/src/baked-in-helpers.js';
import { listLiteral } from './list-literal.js';

type Template = (context: object) => string;
export type Compile = (template: string) => Template;

/**
 * Templates compiled ahead of time, by their source text: the CLI's build precompiles every shipped
 * `.hbs` with node-plop's Handlebars into its template pack (../layers/template-pack.ts), because
 * parsing Handlebars cold costs more than the rest of a scaffold. A source with no entry (a test
 * fixture, an edited template) is compiled on the spot, so a stale map is harmless.
 */
export type PrecompiledTemplates = ReadonlyMap<string, string>;

const OPTIONS = { noEscape: true, strict: true } as const;

/**
 * `{{#exampleCases examplesLabelled}}...{{/exampleCases}}` around a JSON-lines case file: when the team
 * chose its own labels (queues, fields...), the shipped `expected` answers no longer fit, so each case
 * keeps its input but loses `expected` and the `criteria` written for the default set (left an empty
 * list, as on an imported case), and is tagged `unlabeled` for the owners to label. The generator must not pretend the examples fit the new set.
 */
export function exampleCases(this: unknown, labelled: unknown, options: { fn: (context: unknown) => string }): string {
  const text = options.fn(this);
  if (labelled) return text;
  return text
    .split('\n')
    .map((line) => {
      if (!line.trim()) return line;
      const { expected: _expected, criteria: _criteria, tags = [], ...rest } = JSON.parse(line) as { expected?: unknown; criteria?: unknown; tags?: string[] };
      // The same fields as a case `cases:import` writes (`criteria: []`), so the labelling tool takes both alike.
      return JSON.stringify({ ...rest, tags: [...tags, 'unlabeled'], criteria: [] });
    })
    .join('\n');
}

/** Ours, beside node-plop's case helpers (kebabCase, pascalCase, ...). `eq` lets a block depend on one answer: `{{#if (eq connector "postgres")}}`. */
const OUR_HELPERS = {
  json: (value: unknown) => JSON.stringify(value),
  eq: (a: unknown, b: unknown) => a === b,
  exampleCases,
  listLiteral,
};
const HELPERS = { ...plopHelpers, ...OUR_HELPERS };

/** node-plop passes its Handlebars instance through at runtime; its typings leave it out. */
interface PlopHandlebars {
  handlebars: {
    compile(template: string, options: typeof OPTIONS): Template;
    precompile(template: string, options: typeof OPTIONS): string;
  };
}

let plopInstance: Promise<PlopHandlebars['handlebars']> | undefined;

/**
 * Handlebars through node-plop, with plop's helpers and ours. plop.renderString HTML-escapes and is
 * lenient about unknown variables; pilots are code, not HTML, and a typo in a template should fail
 * loudly, so we compile with noEscape and strict on plop's instance. Output is never re-rendered,
 * which is why an answer containing `{{` comes out literally. Loaded only when something must compile.
 */
function plopHandlebars(): Promise<PlopHandlebars['handlebars']> {
  plopInstance ??= (async () => {
    // The bundled CommonJS part wraps node-plop's default export once more than Node's ESM loader does.
    const module = (await import('node-plop')) as unknown as { default: unknown };
    const nodePlop = ((module.default as { default?: unknown }).default ?? module.default) as typeof import('node-plop').default;
    const plop = await nodePlop();
    for (const [name, helper] of Object.entries(OUR_HELPERS)) plop.setHelper(name, helper);
    plop.renderString('', {}); // registers plop's helpers and ours on plop.handlebars
    return (plop as unknown as PlopHandlebars).handlebars;
  })();
  return plopInstance;
}

/** The part of Handlebars' runtime we use; its bundled typings describe the full package instead. */
interface HandlebarsRuntime {
  create(): HandlebarsRuntime;
  registerHelper(name: string, helper: (...args: never[]) => unknown): void;
  template(spec: unknown): Template;
}

/** Precompiled specs run on Handlebars' runtime, with the same helpers: no compiler is loaded for them. */
let runtime: HandlebarsRuntime | undefined;
function runtimeHandlebars(): HandlebarsRuntime {
  if (!runtime) {
    const created = (handlebarsRuntime as unknown as HandlebarsRuntime).create();
    for (const [name, helper] of Object.entries(HELPERS)) created.registerHelper(name, helper);
    runtime = created;
  }
  return runtime;
}

/** A compiler for `sources` (the templates about to render): node-plop's full Handlebars only if one has no precompiled spec. */
export async function getCompiler(precompiled: PrecompiledTemplates = new Map(), sources: readonly string[] = []): Promise<Compile> {
  const mustCompile = sources.length === 0 || sources.some((source) => !precompiled.has(source));
  const full = mustCompile ? await plopHandlebars() : undefined;
  return (template) => {
    const spec = precompiled.get(template);
    // The spec is JavaScript that Handlebars itself generated at build time from this exact source.
    if (spec) return runtimeHandlebars().template(new Function(`return ${spec}`)());
    if (!full) throw new Error('a template without a precompiled spec reached a compiler that was not loaded');
    return full.compile(template, OPTIONS);
  };
}

/** What the build stores for a template: Handlebars' own precompiled form, with the options used at run time. */
export async function precompileTemplate(template: string): Promise<string> {
  return (await plopHandlebars()).precompile(template, OPTIONS);
}
