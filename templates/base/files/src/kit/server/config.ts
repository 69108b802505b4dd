/** The service's own settings (npm start), read once from the environment and checked up front. */
import { closeSync, openSync, statSync } from 'node:fs';
import { ConfigError, type Env, readNumber, readString } from '../env.js';
import { isLoopbackHost } from '../http/secure-url.js';
import { APPEND_WITHOUT_BLOCKING } from './line-appender.js';

export interface RateLimitConfig {
  /** Requests one principal may make per window; the next gets 429 with Retry-After. */
  max: number;
  windowMs: number;
  /** Redis shared by every instance (PILOT_REDIS_URL); unset = each process counts on its own. */
  redisUrl?: string;
  /** Prefix of the Redis keys, so several pilots can share one Redis. */
  redisKeyPrefix?: string;
}

/**
 * How long a client may take, per phase, so a slow or stalled one cannot hold a socket: Node's
 * headersTimeout and requestTimeout (headers, and the whole request with its body, counted from its
 * first byte: 408 and the socket closed), keepAliveTimeout (an idle keep-alive socket between
 * requests) and Fastify's connectionTimeout (a socket with no traffic at all, which must outlast the
 * slowest answer: a model call with its retries).
 */
export interface TimeoutConfig {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
  idleMs: number;
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
  timeouts: TimeoutConfig;
  /** Audit lines are appended here; undefined = written to stdout as plain JSON lines. */
  auditFile: string | undefined;
  /** true (the default): a call whose audit line cannot be written fails with 503. */
  auditRequired: boolean;
  /** HMAC key for the people's ids in audit lines, feedback and logs; undefined = a random key per process. */
  auditHashKey: string | undefined;
  /** Where POST /v1/feedback appends candidate eval cases. */
  feedbackFile: string;
  /** How long shutdown waits for in-flight requests before giving up. */
  shutdownTimeoutMs: number;
  fallback: Fallback;
}

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { max: 60, windowMs: 60_000 };
export const DEFAULT_TIMEOUTS: TimeoutConfig = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, idleMs: 150_000 };
export const DEFAULT_FEEDBACK_FILE = 'evals/candidates/feedback.jsonl';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readServerConfig(env: Env): ServerConfig {
  const logLevel = readString(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL=${JSON.stringify(logLevel)} is not one of ${LOG_LEVELS.join(', ')}`);
  const auditFile = readString(env, 'PILOT_AUDIT_FILE');
  if (auditFile) assertAppendable('PILOT_AUDIT_FILE', auditFile);
  const auditHashKey = readString(env, 'PILOT_AUDIT_HASH_KEY');
  if (auditHashKey !== undefined && auditHashKey.length < 32) {
    throw new ConfigError('PILOT_AUDIT_HASH_KEY is shorter than 32 characters: use e.g. `openssl rand -hex 32`');
  }
  return {
    port: readNumber(env, 'PORT', 3000, { min: 0, max: 65535 }),
    // Loopback by default; the Dockerfile sets HOST=0.0.0.0.
    host: readString(env, 'HOST') ?? '127.0.0.1',
    logLevel,
    bodyLimitBytes: readNumber(env, 'PILOT_BODY_LIMIT_BYTES', DEFAULT_BODY_LIMIT_BYTES, { min: 1024, max: 10 * 1024 * 1024 }),
    rateLimit: {
      max: readNumber(env, 'PILOT_RATE_LIMIT_MAX', DEFAULT_RATE_LIMIT.max, { min: 1 }),
      windowMs: readNumber(env, 'PILOT_RATE_LIMIT_WINDOW_MS', DEFAULT_RATE_LIMIT.windowMs, { min: 1000 }),
      redisUrl: readRedisUrl(env),
    },
    timeouts: readTimeouts(env),
    auditFile,
    auditRequired: readBoolean(env, 'PILOT_AUDIT_REQUIRED', true),
    auditHashKey,
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

/** What a path that is not a regular file is, in words. */
function kindOf(path: string): string | null {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat || stat.isFile()) return null;
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * An audit file we cannot write must stop startup, not surface on the first request. Only a
 * regular file (or none yet) will do: opening a FIFO for writing waits for a reader, so `npm start`
 * hung there without a word, and a device or socket is no trail anyone can read back.
 */
function assertAppendable(name: string, path: string): void {
  const kind = kindOf(path);
  if (kind) throw new ConfigError(`${name}=${path} is ${kind}, not a regular file: point it at a file (created if missing)`);
  try {
    closeSync(openSync(path, APPEND_WITHOUT_BLOCKING, 0o600));
  } catch (err) {
    throw new ConfigError(`${name}=${path} cannot be opened for appending: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(`${name}=${JSON.stringify(raw)} is not true or false`);
}

function readTimeouts(env: Env): TimeoutConfig {
  const ms = (name: string, fallback: number) => readNumber(env, name, fallback, { min: 100, max: 3_600_000, integer: true });
  const timeouts: TimeoutConfig = {
    headersMs: ms('PILOT_HEADERS_TIMEOUT_MS', DEFAULT_TIMEOUTS.headersMs),
    requestMs: ms('PILOT_REQUEST_TIMEOUT_MS', DEFAULT_TIMEOUTS.requestMs),
    keepAliveMs: ms('PILOT_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_TIMEOUTS.keepAliveMs),
    idleMs: ms('PILOT_SOCKET_IDLE_TIMEOUT_MS', DEFAULT_TIMEOUTS.idleMs),
  };
  // Node refuses a headers timeout longer than the whole request's.
  if (timeouts.headersMs > timeouts.requestMs) {
    throw new ConfigError(`PILOT_HEADERS_TIMEOUT_MS (${timeouts.headersMs}) must not exceed PILOT_REQUEST_TIMEOUT_MS (${timeouts.requestMs})`);
  }
  return timeouts;
}

/** redis:// or rediss://; a password only travels in clear text to loopback (like the other credential-bearing URLs). */
function readRedisUrl(env: Env): string | undefined {
  const raw = readString(env, 'PILOT_REDIS_URL');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PILOT_REDIS_URL is not a URL (e.g. rediss://user:password@redis.internal:6380/0)');
  }
  if (url.protocol === 'rediss:') return raw;
  if (url.protocol !== 'redis:') throw new ConfigError(`PILOT_REDIS_URL must be a redis:// or rediss:// URL, not ${url.protocol}`);
  if (url.password && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(`PILOT_REDIS_URL sends its password in clear text to ${url.hostname}: use rediss:// (plain redis:// only for localhost/127.0.0.1)`);
  }
  return raw;
}
