/**
 * GET with a timeout per attempt and retries with exponential backoff (plus jitter) on the
 * failures that are worth retrying: network errors, timeouts, 429 and 5xx. Retry-After is
 * honoured, capped so one slow upstream cannot stall a read for minutes. Redirects are not
 * followed: following one could send the bearer token somewhere it was never meant to go.
 * A body is read up to a size cap and no further: a runaway page cannot take the process's memory.
 */

export interface HttpClientOptions {
  token?: string;
  timeoutMs: number;
  maxRetries: number;
  /** First backoff step; doubled each retry. Tests shorten it. */
  baseDelayMs?: number;
  /** Largest body read (PILOT_HTTP_MAX_RESPONSE_BYTES); a larger one is refused, naming the cap. */
  maxResponseBytes?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A final answer from the source (bad status, not JSON): retrying would not change it. */
export class HttpSourceError extends Error {
  override name = 'HttpSourceError';
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_WAIT_MS = 30_000;

/** The URL without its query string: queries can hold cursors or filters, not worth logging. */
export const shortUrl = (url: URL) => `${url.origin}${url.pathname}`;

function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The body as text, refusing it (and reading no further) once it passes `maxBytes`. */
async function readCapped(url: URL, response: Response, maxBytes: number): Promise<string> {
  const tooLarge = (size: string) =>
    new HttpSourceError(`GET ${shortUrl(url)} answered a body of ${size}, over the cap of ${maxBytes} bytes (PILOT_HTTP_MAX_RESPONSE_BYTES): ask for smaller pages, or raise the cap`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(`${declared} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(`more than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** 2xx with a JSON body, or 404 (body null): anything else throws after the retries. */
export async function getJson(url: URL, options: HttpClientOptions): Promise<JsonResponse> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'pilot-slice' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const base = options.baseDelayMs ?? 250;
  let lastProblem = '';
  for (let attempt = 0; attempt <= options.maxRetries; attempt += 1) {
    let wait = base * 2 ** attempt * (0.5 + Math.random() / 2);
    try {
      const response = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        throw new HttpSourceError(`GET ${shortUrl(url)} redirects (${response.status}) to ${response.headers.get('location') ?? '?'}: set the final URL in PILOT_HTTP_URL`);
      }
      if (response.ok) {
        const text = await readCapped(url, response, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
        try {
          return { status: response.status, headers: response.headers, body: JSON.parse(text) };
        } catch {
          throw new HttpSourceError(`GET ${shortUrl(url)} answered ${response.status} with a body that is not JSON (${response.headers.get('content-type') ?? 'no content-type'})`);
        }
      }
      await response.body?.cancel();
      if (response.status === 404) return { status: 404, headers: response.headers, body: null };
      lastProblem = `answered ${response.status} ${response.statusText}`.trim();
      if (!RETRY_STATUS.has(response.status)) {
        const hint = response.status === 401 || response.status === 403 ? ' (check PILOT_HTTP_TOKEN)' : '';
        throw new HttpSourceError(`GET ${shortUrl(url)} ${lastProblem}${hint}`);
      }
      wait = Math.min(retryAfterMs(response.headers) ?? wait, MAX_WAIT_MS);
    } catch (err) {
      if (err instanceof HttpSourceError) throw err;
      const name = err instanceof Error ? err.name : '';
      lastProblem =
        name === 'TimeoutError' ? `timed out after ${options.timeoutMs} ms` : `failed: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`;
    }
    if (attempt < options.maxRetries) await sleep(wait);
  }
  throw new Error(`GET ${shortUrl(url)} ${lastProblem} (after ${options.maxRetries + 1} attempts)`);
}
