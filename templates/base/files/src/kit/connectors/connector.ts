/**
 * Where the pilot's data comes from. The connector layer implements `Connector` in
 * src/kit/connectors/<id>.ts and exports `createConnector(env, options?)` from src/connector.ts.
 * Helpers shared by the implementations are in ./rows.ts.
 */

/** Who is asking. Auth hooks produce it; connectors and authorize() decide on it. */
export interface Principal {
  /** Stable and safe to log: never a secret. */
  id: string;
  kind: 'user' | 'service' | 'system';
  /** Actions this principal may perform, e.g. `pipeline:run` (see src/kit/auth/hooks.ts). */
  scopes: readonly string[];
  /** Claims a row-permission hook may use: tenant, team, region... */
  attributes?: Readonly<Record<string, string>>;
}

/** Internal jobs (eval runner, readiness, health checks) read as this, and it is logged as such. */
export function systemPrincipal(job: string): Principal {
  return { id: `system:${job}`, kind: 'system', scopes: [] };
}

export type Row = { readonly id: string } & Readonly<Record<string, unknown>>;

export interface Query {
  /** Case-insensitive text search over the source's text columns/fields. */
  contains?: string;
  limit?: number;
}

export interface ConnectorInfo {
  kind: string;
  /** Where the data is read from, safe to print (no credentials). */
  source: string;
  /** True while the connector still reads the fixture shipped with the template. */
  isSample: boolean;
}

export interface Connector {
  describe(): ConnectorInfo;
  /** A string reads one record by id; a Query searches. Rows the principal may not see are left out. */
  read(query: string | Query, principal: Principal): Promise<Row[]>;
  /** Up to n records the principal may see, in random order: for drawing eval cases. */
  sample(n: number, principal: Principal): Promise<Row[]>;
  close(): Promise<void>;
}

/** What `createConnector(env, options)` may be given besides the environment. */
export interface ConnectorOptions {
  /**
   * Where a connector reports records it skipped (a malformed CSV line, an item without an id),
   * one message each: skipped data is reported, never silently dropped. Default: stderr.
   */
  warn?: (message: string) => void;
}

export const warnToStderr = (message: string): void => console.warn(message);

/**
 * Row-level permission: called for every row before a connector returns it.
 * The default lets every authenticated principal see every row, which is only right
 * while the data is the shipped sample. Before pointing at real data, replace it with the
 * data owner's rule, e.g. `(p, row) => row.tenant_id === p.attributes?.tenant`.
 */
export type RowPermission = (principal: Principal, row: Row) => boolean;

export const allowAllRows: RowPermission = () => true;

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export function clampLimit(limit: number | undefined): number {
  return Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit ?? DEFAULT_LIMIT)));
}

/** One masking rule of the redaction hook. */
export interface Redaction {
  name: string;
  pattern: RegExp;
  /** The replacement; returning the match unchanged keeps it (a rule may decide per match). */
  replace: (match: string) => string;
  /**
   * Optional quick test, false only when the rule cannot change `text` (e.g. no '@' for emails):
   * the service redacts every request's text, and a pattern scanned over text it cannot match
   * costs more than a linear check. Keep it in step with `pattern` and `replace`.
   */
  mayChange?: (text: string) => boolean;
}

/** ASCII digits in `text`, counting no further than `enough`; what `\d` matches in a pattern without the u flag. */
function hasDigits(text: string, enough: number): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57 && ++digits >= enough) return true;
  }
  return false;
}

/**
 * The default rules, applied in order. Add the source's own identifiers here (national ids,
 * IBANs, customer numbers...): every text the pilot sends to a model, writes to an eval case or
 * stores as feedback goes through `redact()`, so one list covers all of them.
 */
export const redactions: Redaction[] = [
  {
    name: 'email',
    pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu,
    replace: () => '[email]',
    // Every match holds an '@'. Without one, the pattern would still try each word of the text.
    mayChange: (text) => text.includes('@'),
  },
  // 13 to 19 digits, optionally grouped by spaces or dashes (PAN). No Luhn check on purpose:
  // a mistyped card number is still one.
  { name: 'card', pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g, replace: () => '[card]', mayChange: (text) => hasDigits(text, 13) },
  {
    name: 'phone',
    pattern: /(?<![\w+])\+?(?:\(\d{1,4}\)[ .-]?)?\d[\d .()-]{5,}\d(?!\w)/g,
    // A phone needs 9+ digits, or a leading + and 7+, so dates (2024-03-12) and amounts stay readable.
    replace: (match) => {
      const digits = match.replace(/\D/g, '').length;
      return digits >= 9 || (match.startsWith('+') && digits >= 7) ? '[phone]' : match;
    },
    // replace() keeps any match of fewer than 7 digits, so a text with fewer cannot change.
    mayChange: (text) => hasDigits(text, 7),
  },
];

/** The redaction hook: masks emails, card numbers and phone numbers (plus any rule added above). */
export function redact(text: string): string {
  // A plain loop: the service runs this on every request's subject and body.
  let out = text;
  for (const rule of redactions) {
    if (!rule.mayChange || rule.mayChange(out)) out = out.replace(rule.pattern, rule.replace);
  }
  return out;
}

/** `redact` applied to every string inside a JSON value (objects and arrays are copied). */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactValue(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item)])) as T;
  }
  return value;
}
