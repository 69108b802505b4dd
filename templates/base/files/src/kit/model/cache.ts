/**
 * On-disk cache of model answers for eval runs: re-running the evals after a report or gate change
 * costs nothing and gives the same answers. Keyed by model, prompt (the full request), case and
 * repeat, so a changed prompt or a new repeat asks the model again. Only successful completions are
 * stored; errors are always retried. The server never uses it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type ChatModel, type Completion, type CompletionRequest, emptyUsage } from './provider.js';

/** Inside node_modules: already git- and docker-ignored, and wiped by `npm ci` like any build cache. */
export const DEFAULT_CACHE_DIR = 'node_modules/.cache/pilot-model';

const entrySchema = z.object({
  key: z.string(),
  completion: z.object({
    text: z.string(),
    model: z.string(),
    latencyMs: z.number(),
    usage: z.object({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number() }),
  }),
});

export interface CaseModel extends ChatModel {
  /** Completions this case got from the cache rather than the API. */
  readonly hits: number;
}

export interface ModelCache {
  readonly dir: string;
  /** The model as seen by one case (and repeat): same calls, cached under that case's key. */
  forCase(caseId: string, repeat?: number): CaseModel;
}

export function cacheKey(model: string, request: CompletionRequest, caseId: string, repeat: number): string {
  const material = JSON.stringify({
    v: 1,
    model,
    messages: request.messages,
    json: request.json ?? false,
    maxTokens: request.maxTokens ?? null,
    temperature: request.temperature ?? null,
    caseId,
    repeat,
  });
  return createHash('sha256').update(material).digest('hex');
}

function read(file: string, key: string): Completion | null {
  try {
    const parsed = entrySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    // A torn or foreign file is a miss, not a crash: the answer is fetched and the file rewritten.
    return parsed.success && parsed.data.key === key ? parsed.data.completion : null;
  } catch {
    return null;
  }
}

function write(file: string, dir: string, key: string, completion: Completion): void {
  mkdirSync(dir, { recursive: true });
  // Write then rename, so a parallel case or a killed run never leaves half a file behind.
  const tmp = `${file}.${randomUUID()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ key, completion })}\n`);
  renameSync(tmp, file);
}

export function createModelCache(model: ChatModel, dir: string): ModelCache {
  return {
    dir,
    forCase(caseId, repeat = 0) {
      const usage = { ...emptyUsage(), calls: 0 };
      let hits = 0;
      const count = (c: Completion) => {
        usage.calls += 1;
        usage.promptTokens += c.usage.promptTokens;
        usage.completionTokens += c.usage.completionTokens;
        usage.totalTokens += c.usage.totalTokens;
        return c;
      };
      return {
        name: model.name,
        usage,
        get hits() {
          return hits;
        },
        async complete(request) {
          const key = cacheKey(model.name, request, caseId, repeat);
          const shard = join(dir, key.slice(0, 2));
          const file = join(shard, `${key}.json`);
          const cached = read(file, key);
          if (cached) {
            hits += 1;
            // Latency and tokens as first measured: the gates judge the model, not the disk.
            return count(cached);
          }
          const completion = await model.complete(request);
          write(file, shard, key, completion);
          return count(completion);
        },
      };
    },
  };
}
