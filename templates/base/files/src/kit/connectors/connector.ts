/**
 * Where the pilot's data comes from. The connector layer implements `Connector` in
 * src/kit/connectors/<id>.ts and exports `createConnector(env, options?)` from src/connector.ts.
 * Helpers shared by the implementations are in ./rows.ts.
 */

/** Who is asking. Auth hooks produce it; connectors and authorize() decide on it. */
export interface Principal {
  /**
   * Stable, never a secret. A `user`'s id may be personal data (the gateway's user header is often
   * an email): the service logs, audits and stores it only as a keyed hash (src/kit/server/principal-ref.ts).
   */
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

// The redaction hook lives in ./redact.ts; connectors and pipelines import it from here.
export { type PatternRedaction, type Redaction, type ScannerRedaction, type Span, normaliseForRedaction, redact, redactValue, redactions } from './redact.js';
