// A stand-in OpenAI-compatible chat completions server on 127.0.0.1 for the eval benchmark (and,
// at 0 ms, for the service load benchmark, so it measures the service rather than a model).
// Every request waits the same fixed latency and then gets the right answer, so the only thing
// that varies between two eval runners is how well they keep requests in flight: wall time
// against the ideal, ceil(cases / concurrency) × latency, measures the runner and nothing else.
// It answers as bench-answers.ts says (by subject line; a prompt it cannot match is answered
// "other" and counted, and the bench refuses a run with any).
import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type KnownCase, caseAnswerer, promptText } from './bench-answers.js';

export type { KnownCase } from './bench-answers.js';

/** What the server saw since the last `takeStats()`. */
export interface ServerStats {
  requests: number;
  maxInFlight: number;
  unmatched: number;
  /** sha256 of each request's `messages`, so two runners can be shown to have sent the same prompts. */
  promptHashes: string[];
  /** Each distinct set of request settings (the body without `messages`), to compare two runners' requests. */
  settings: Set<string>;
}

export interface LoopbackModel {
  /** Up to and including /v1, as OPENAI_BASE_URL and promptfoo's apiBaseUrl expect. */
  baseUrl: string;
  takeStats: () => ServerStats;
  close: () => Promise<void>;
}

interface ChatMessage {
  role: string;
  content: string;
}

const emptyStats = (): ServerStats => ({ requests: 0, maxInFlight: 0, unmatched: 0, promptHashes: [], settings: new Set() });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const promptHash = (messages: unknown): string => createHash('sha256').update(JSON.stringify(messages)).digest('hex');

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export async function startLoopbackModel(cases: readonly KnownCase[], latencyMs: number): Promise<LoopbackModel> {
  const answerFor = caseAnswerer(cases);
  let stats = emptyStats();
  let inFlight = 0;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Counted from arrival, before the body is read, so in-flight is what the client has open.
    inFlight += 1;
    stats.requests += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    try {
      const started = performance.now();
      const body = await readBody(req);
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const request = JSON.parse(body) as { model?: string; messages?: ChatMessage[] };
      const { messages = [], ...settings } = request;
      stats.promptHashes.push(promptHash(messages));
      stats.settings.add(JSON.stringify(Object.fromEntries(Object.entries(settings).sort(([a], [b]) => a.localeCompare(b)))));
      const prompt = promptText(messages);
      const { content, matched } = answerFor(prompt);
      if (!matched) stats.unmatched += 1;
      const payload = JSON.stringify({
        id: `chatcmpl-bench-${stats.requests}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: request.model ?? 'bench-model',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: Math.ceil(content.length / 4), total_tokens: Math.ceil((prompt.length + content.length) / 4) },
      });
      // The latency is fixed from arrival, including reading the body, as a remote API's would be.
      // At 0 ms (the service bench) there is no timer at all: setTimeout(0) waits at least 1 ms,
      // which would cap a service allowing N model calls in flight at N × 1000 requests/s.
      const wait = latencyMs - (performance.now() - started);
      if (wait > 0) await sleep(wait);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }).end(payload);
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(error) } }));
    } finally {
      inFlight -= 1;
    }
  }

  const server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    takeStats: () => {
      const taken = stats;
      stats = emptyStats();
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
