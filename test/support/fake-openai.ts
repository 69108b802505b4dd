// A loopback server that speaks the OpenAI chat-completions API, for tests only: it answers from a
// function of the request, and can be slow, rate-limit or fail, so the pilot's client is tested for real.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
}

export interface FakeOpenAIOptions {
  /** The assistant message content for a request (usually JSON text). */
  answer: (request: ChatRequest) => string;
  /** Delay before each answer, in milliseconds. */
  latencyMs?: number;
  /** Answer this many requests with 429 first (each with Retry-After: 0). */
  rateLimitFirst?: number;
  /** Answer every request with this status instead (e.g. 500). */
  failWith?: number;
}

export interface FakeOpenAI {
  baseUrl: string;
  /** Completed chat requests. */
  calls: number;
  /** Requests refused with 429. */
  rateLimited: number;
  /** Most requests in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions): Promise<FakeOpenAI> {
  let inFlight = 0;
  let refusedSoFar = 0;
  const state: FakeOpenAI = { baseUrl: '', calls: 0, rateLimited: 0, maxInFlight: 0, close: async () => {} };

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      const body = JSON.parse(await readBody(req)) as ChatRequest;
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      if (options.failWith) return send(res, options.failWith, { error: { message: 'fake upstream failure' } });
      if (refusedSoFar < (options.rateLimitFirst ?? 0)) {
        refusedSoFar += 1;
        state.rateLimited += 1;
        res.setHeader('retry-after', '0');
        return send(res, 429, { error: { message: 'rate limited' } });
      }
      state.calls += 1;
      const content = options.answer(body);
      send(res, 200, {
        id: `chatcmpl-${state.calls}`,
        object: 'chat.completion',
        model: body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
        usage: { prompt_tokens: 120, completion_tokens: 12, total_tokens: 132 },
      });
    } finally {
      inFlight -= 1;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}/v1`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Picks the case a prompt is about: the one whose input words overlap most (Jaccard) with the prompt's
 * words. Words, not exact text, because the pilot redacts emails, phones and card numbers first.
 */
export function caseMatcher<T extends { input: unknown }>(cases: T[]): (prompt: string) => T {
  const words = (text: string) => new Set(text.toLowerCase().match(/[a-z]{5,}/g) ?? []);
  const indexed = cases.map((c) => ({ c, words: words(JSON.stringify(c.input)) }));
  return (prompt) => {
    const seen = words(prompt);
    let best = indexed[0];
    let bestScore = -1;
    for (const entry of indexed) {
      let shared = 0;
      for (const word of entry.words) if (seen.has(word)) shared += 1;
      const normalized = shared / Math.max(1, entry.words.size + seen.size - shared);
      if (normalized > bestScore) {
        bestScore = normalized;
        best = entry;
      }
    }
    if (!best) throw new Error('caseMatcher needs at least one case');
    return best.c;
  };
}

/** The text a model is asked about: the last user message. */
export function lastUserMessage(request: ChatRequest): string {
  return [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';
}
