/**
 * A loopback server speaking the OpenAI chat-completions API, for tests only (never in src/): it
 * answers from a function of the request and can be slow, rate-limit, fail or hang, so the real
 * client (the openai SDK), its retries, the concurrency cap and the cache are exercised over real
 * HTTP. It records what each request looked like (path, headers, body) for the tests to check.
 */
import { type IncomingHttpHeaders, type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { ChatMessage } from '../../../src/kit/model/provider.js';

/** One scripted reply: a status with headers (and an error body, `body` if given), or `hang` (never answer). */
export type ScriptedReply = { status: number; headers?: Record<string, string>; body?: (request: IncomingMessage) => unknown } | 'hang';

export interface LoopbackOptions {
  /** The assistant's message content for a request's messages. */
  answer: (messages: ChatMessage[]) => string;
  /** Delay before answering, so concurrent requests overlap. */
  delayMs?: number;
  /** Refuse this many requests with 429 (retry-after-ms: 5) before answering normally. */
  rateLimitFirst?: number;
  /** Answer every request with this status (e.g. 500). */
  failWith?: number;
  /** Per request: wait this long before answering (e.g. past the client's timeout for some prompts). */
  delayFor?: (messages: ChatMessage[]) => number;
  /** The `model` the API reports back (a dated snapshot); the requested name by default. */
  reportedModel?: string;
  /** Replies for the first requests, in order; once used up, requests are answered normally. */
  script?: ScriptedReply[];
  /** false: answer without a `usage` object, as some servers do. */
  usage?: boolean;
  /** Per request: the `usage` object to send instead of the full one (e.g. `{ prompt_tokens: 300 }` only). */
  usageFor?: (messages: ChatMessage[]) => Record<string, unknown> | undefined;
  /** Per request: this many spaces after the answer's content, to make a body as large as a test needs. */
  padFor?: (messages: ChatMessage[]) => number;
}

export interface SeenRequest {
  /** Path and query, e.g. /v1/chat/completions */
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface Loopback {
  baseUrl: string;
  stats: { requests: number; answered: number; rateLimited: number; inFlight: number; maxInFlight: number };
  seen: SeenRequest[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startLoopbackOpenAI(options: LoopbackOptions): Promise<Loopback> {
  const stats = { requests: 0, answered: 0, rateLimited: 0, inFlight: 0, maxInFlight: 0 };
  const seen: SeenRequest[] = [];
  const script = [...(options.script ?? [])];
  const server = createServer(async (req, res) => {
    const at = performance.now();
    stats.requests += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      stats.inFlight -= 1;
      // The client may have given up (timeout): nothing to answer then.
      if (res.destroyed || req.socket.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };
    try {
      const request = JSON.parse(await body(req)) as { model: string; messages: ChatMessage[] };
      seen.push({ url: req.url ?? '', headers: req.headers, body: request as unknown as Record<string, unknown>, at });
      const delay = (options.delayMs ?? 0) + (options.delayFor?.(request.messages) ?? 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      // Any path ending in /chat/completions: Azure's dated API routes through /deployments/<name>/.
      if (!(req.url ?? '').split('?')[0]?.endsWith('/chat/completions')) return send(404, { error: { message: `no route ${req.url}` } });
      const scripted = script.shift();
      if (scripted === 'hang') {
        stats.inFlight -= 1;
        return; // the client's timeout has to end this one
      }
      if (scripted) return send(scripted.status, scripted.body?.(req) ?? { error: { message: `scripted ${scripted.status}` } }, scripted.headers);
      if (options.failWith) return send(options.failWith, { error: { message: 'loopback failure' } });
      if (stats.rateLimited < (options.rateLimitFirst ?? 0)) {
        stats.rateLimited += 1;
        return send(429, { error: { message: 'rate limited' } }, { 'retry-after-ms': '5' });
      }
      stats.answered += 1;
      return send(200, {
        id: `chatcmpl-${stats.answered}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: options.reportedModel ?? request.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: options.answer(request.messages) + ' '.repeat(options.padFor?.(request.messages) ?? 0) } }],
        ...(options.usage === false ? {} : { usage: options.usageFor?.(request.messages) ?? { prompt_tokens: 300, completion_tokens: 20, total_tokens: 320 } }),
      });
    } catch (err) {
      return send(500, { error: { message: String(err) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    stats,
    seen,
    close: () =>
      new Promise((resolve) => {
        // Hung requests would hold close() open: end every socket.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * For a test file that starts a loopback server per test: call once at the top of the file; the
 * returned function starts one (answering `{"ok":true}` unless told otherwise), closed after each test.
 */
export function loopbackPerTest(): (options?: Partial<LoopbackOptions>) => Promise<Loopback> {
  const servers: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (options = {}) => {
    const server = await startLoopbackOpenAI({ answer: () => '{"ok":true}', ...options });
    servers.push(server);
    return server;
  };
}
