/**
 * One audit record per call, as one JSON line: who, when, a hash of the input, the model, the
 * latency and the outcome. Never the input itself, the output, headers or credentials: the
 * record says what happened without holding personal data or secrets.
 */
import { hash } from 'node:crypto';
import { createLineAppender } from './line-appender.js';

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
  /** The model that was asked, null when none was called. */
  model: string | null;
  /** Who produced the answer the caller got: the model, the baseline (PILOT_FALLBACK), or none (an error). */
  source: AnswerSource | null;
  /** Why the baseline answered: model_not_configured, model_unavailable or invalid_model_output. */
  fallbackReason: string | null;
  /** Whole request, server side, in ms. */
  latencyMs: number;
  /** The model call alone, when there was one. */
  modelLatencyMs: number | null;
}

export type AnswerSource = 'model' | 'baseline';

/** What handlers fill in as a request goes along; the rest is known when the response is sent. */
export interface AuditContext {
  /** The route pattern, known as the request arrives. */
  route: string | null;
  principal: string | null;
  action: string | null;
  outcome: string | null;
  model: string | null;
  modelLatencyMs: number | null;
  source: AnswerSource | null;
  fallbackReason: string | null;
}

export const newAuditContext = (route: string | null): AuditContext => ({
  route,
  principal: null,
  action: null,
  outcome: null,
  model: null,
  modelLatencyMs: null,
  source: null,
  fallbackReason: null,
});

let lastMs = Number.NaN;
let lastIso = '';
/**
 * `new Date().toISOString()`, the same string, built once per millisecond: every audited request
 * needs one, and under load many share a millisecond.
 */
export function isoTimeNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

export interface AuditSink {
  /** Settles once the record is stored: the response waits for it. */
  (record: AuditRecord): Promise<void> | void;
  /** Stores what is still queued and lets go of the file; the app calls it on close. */
  close?: () => Promise<void>;
}

/**
 * Appends each record as one line. Records that arrive together are written together (see
 * ./line-appender.ts); each write is whole lines in O_APPEND mode, so lines never interleave.
 */
export function fileAuditSink(path: string): AuditSink {
  const file = createLineAppender(path);
  return Object.assign((record: AuditRecord) => file.append(`${JSON.stringify(record)}\n`), { close: () => file.close() });
}

/**
 * JSON with object keys sorted, so equal values hash equally whatever the key order. Built with
 * plain loops: it runs on every audited request.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${canonicalJson(value[i])}`;
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  let out = '{';
  // sort() without a comparator orders by UTF-16 code units, the same order on every runtime.
  for (const key of Object.keys(object).sort()) {
    const item = object[key];
    if (item === undefined) continue;
    out += `${out === '{' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

export function hashInput(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  return hash('sha256', canonicalJson(body), 'hex');
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
