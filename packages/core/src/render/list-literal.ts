/**
 * `{{listLiteral labels before="export const labels = " after=" as const;"}}`: one line of TypeScript
 * holding a list of strings, laid out as the pilot's biome formats it, so a pilot made with long sets
 * lints clean from its first commit: the whole line when it fits in the formatter's `lineWidth`, else one
 * item a line, indented one level deeper than the line, with a trailing comma. The indentation is the
 * leading spaces of `before`. The widths come from the render context's `formatter` (see
 * `formatterOf` in ../scaffold/formatter.ts), read from the pilot's own biome.json.
 */
export interface FormatterSettings {
  lineWidth: number;
  indentWidth: number;
}

/** biome's own defaults, for a template set without a biome.json. */
export const BIOME_DEFAULTS: FormatterSettings = { lineWidth: 80, indentWidth: 2 };

interface HelperOptions {
  hash?: { before?: unknown; after?: unknown };
  data?: { root?: { formatter?: FormatterSettings } };
}

export function listLiteral(items: unknown, options: HelperOptions): string {
  if (!Array.isArray(items)) throw new Error(`listLiteral needs a list, got ${typeof items}`);
  const before = String(options.hash?.before ?? '');
  const after = String(options.hash?.after ?? '');
  const { lineWidth, indentWidth } = options.data?.root?.formatter ?? BIOME_DEFAULTS;
  const quoted = items.map((item) => quote(String(item)));
  const inline = `${before}[${quoted.join(', ')}]${after}`;
  if (inline.length <= lineWidth || quoted.length === 0) return inline;
  const indent = /^ */.exec(before)?.[0] ?? '';
  const itemIndent = indent + ' '.repeat(indentWidth);
  return [`${before}[`, ...quoted.map((item) => `${itemIndent}${item},`), `${indent}]${after}`].join('\n');
}

/** A single-quoted TypeScript string, as biome's `quoteStyle: single` writes it. */
function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
