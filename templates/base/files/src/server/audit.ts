/**
 * One audit record per call, as one JSON line: who, when, a hash of the input, the model, the
 * latency and the outcome. Never the input itself, the output, headers or credentials: the
 * record says what happened without holding personal data or secrets.
 */
import { createHash } from 'node:crypto';
import { appendFile } from 'node:fs/promises';

export interface AuditRecord {
  type: 'audit';
  /** ISO time the response was sent. */
  time: string;
  requestId: string;
  /** The authenticated principal's id (safe to log by contract), null when none was established. */
  principal: string | null;
  method: string;
  /** The route pattern (e.g. /v1/classify), never the raw URL: a URL may carry data. */
  route: string | null;
  action: string | null;
  status: number;
  /** `ok`, or the error code the caller received (unauthenticated, invalid_input, body_too_large...). */
  outcome: string;
  /** sha256 of the request body as canonical JSON (sorted keys); null when no body was read. */
  inputSha256: string | null;
  /** The model that answered, null when none was called. */
  model: string | null;
  /** Whole request, server side, in ms. */
  latencyMs: number;
  /** The model call alone, when there was one. */
  modelLatencyMs: number | null;
}

/** What handlers fill in as a request goes along; the rest is known when the response is sent. */
export interface AuditContext {
  principal: string | null;
  action: string | null;
  outcome: string | null;
  model: string | null;
  modelLatencyMs: number | null;
}

export const newAuditContext = (): AuditContext => ({ principal: null, action: null, outcome: null, model: null, modelLatencyMs: null });

export type AuditSink = (record: AuditRecord) => Promise<void> | void;

/** Appends each record as one line. O_APPEND writes of a single line do not interleave. */
export function fileAuditSink(path: string): AuditSink {
  return (record) => appendFile(path, `${JSON.stringify(record)}\n`, { encoding: 'utf8', mode: 0o600 });
}

/** JSON with object keys sorted, so equal values hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function hashInput(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/** The outcome when no handler named one: Fastify's own answers (404, 413...) and plain successes. */
export function outcomeForStatus(status: number): string {
  if (status < 400) return 'ok';
  const known: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    413: 'body_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    503: 'unavailable',
  };
  return known[status] ?? (status >= 500 ? 'internal_error' : `http_${status}`);
}
