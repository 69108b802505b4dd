/**
 * Where the pilot's data comes from. The connector layer implements `Connector` in
 * src/connectors/<id>.ts and exports `createConnector(env)` from src/connectors/index.ts.
 */

/** Who is asking. Auth hooks produce it; connectors and authorize() decide on it. */
export interface Principal {
  /** Stable and safe to log: never a secret. */
  id: string;
  kind: 'user' | 'service' | 'system';
  /** Actions this principal may perform, e.g. `pipeline:run` (see src/auth/hooks.ts). */
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

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
/** 13 to 19 digits, optionally grouped by spaces or dashes: card numbers (PAN). */
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
/** Digit runs with phone punctuation; kept only if they have enough digits (see below). */
const PHONE = /(?<![\w+])\+?(?:\(\d{1,4}\)[ .-]?)?\d[\d .()-]{5,}\d(?!\w)/g;

/**
 * Masks emails, card numbers and phone numbers before text reaches a model or a log.
 * Cards are masked without a Luhn check on purpose: a mistyped card number is still one.
 * A phone needs 9+ digits, or a leading +, so dates (2024-03-12) and amounts stay readable.
 */
export function redact(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD, '[card]')
    .replace(PHONE, (match) => {
      const digits = match.replace(/\D/g, '').length;
      return digits >= 9 || (match.startsWith('+') && digits >= 7) ? '[phone]' : match;
    });
}
