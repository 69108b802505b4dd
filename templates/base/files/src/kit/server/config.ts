/** The service's own settings (npm start), read once from the environment and checked up front. */
import { closeSync, openSync } from 'node:fs';
import { ConfigError, type Env, readNumber, readString } from '../env.js';

export interface RateLimitConfig {
  /** Requests one principal may make per window; the next gets 429 with Retry-After. */
  max: number;
  windowMs: number;
}

/**
 * PILOT_FALLBACK: who answers POST /v1/<use-case> when the model cannot (not configured, down,
 * or answering out of shape). `baseline`: the baseline does, marked `"source": "baseline"`;
 * `none` (the default): the caller gets the error (503 / 502) with what to set.
 */
export type Fallback = 'baseline' | 'none';
export const FALLBACKS: readonly Fallback[] = ['baseline', 'none'];

export interface ServerConfig {
  port: number;
  host: string;
  logLevel: string;
  bodyLimitBytes: number;
  rateLimit: RateLimitConfig;
  /** Audit lines are appended here; undefined = written to the log stream instead. */
  auditFile: string | undefined;
  /** Where POST /v1/feedback appends candidate eval cases. */
  feedbackFile: string;
  /** How long shutdown waits for in-flight requests before giving up. */
  shutdownTimeoutMs: number;
  fallback: Fallback;
}

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { max: 60, windowMs: 60_000 };
export const DEFAULT_FEEDBACK_FILE = 'evals/candidates/feedback.jsonl';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readServerConfig(env: Env): ServerConfig {
  const logLevel = readString(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL=${JSON.stringify(logLevel)} is not one of ${LOG_LEVELS.join(', ')}`);
  const auditFile = readString(env, 'PILOT_AUDIT_FILE');
  if (auditFile) assertAppendable('PILOT_AUDIT_FILE', auditFile);
  return {
    port: readNumber(env, 'PORT', 3000, { min: 0, max: 65535 }),
    // Loopback by default; the Dockerfile sets HOST=0.0.0.0.
    host: readString(env, 'HOST') ?? '127.0.0.1',
    logLevel,
    bodyLimitBytes: readNumber(env, 'PILOT_BODY_LIMIT_BYTES', DEFAULT_BODY_LIMIT_BYTES, { min: 1024, max: 10 * 1024 * 1024 }),
    rateLimit: {
      max: readNumber(env, 'PILOT_RATE_LIMIT_MAX', DEFAULT_RATE_LIMIT.max, { min: 1 }),
      windowMs: readNumber(env, 'PILOT_RATE_LIMIT_WINDOW_MS', DEFAULT_RATE_LIMIT.windowMs, { min: 1000 }),
    },
    auditFile,
    feedbackFile: readString(env, 'PILOT_FEEDBACK_FILE') ?? DEFAULT_FEEDBACK_FILE,
    shutdownTimeoutMs: readNumber(env, 'PILOT_SHUTDOWN_TIMEOUT_MS', 10_000, { min: 0 }),
    fallback: readFallback(env),
  };
}

export function readFallback(env: Env): Fallback {
  const value = (readString(env, 'PILOT_FALLBACK') ?? 'none').toLowerCase();
  if (!(FALLBACKS as readonly string[]).includes(value)) {
    throw new ConfigError(`PILOT_FALLBACK=${JSON.stringify(value)} is not one of ${FALLBACKS.join(', ')} (baseline: the baseline answers while the model cannot)`);
  }
  return value as Fallback;
}

/** An audit file we cannot write must stop startup, not surface on the first request. */
function assertAppendable(name: string, path: string): void {
  try {
    closeSync(openSync(path, 'a'));
  } catch (err) {
    throw new ConfigError(`${name}=${path} cannot be opened for appending: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
