/**
 * On-disk cache of model answers for eval runs: re-running the evals after a report or gate change
 * costs nothing and gives the same answers. Keyed by the endpoint, the model name, the model version
 * the API reports back, the full request, case and repeat, and the key format's version: pointing the
 * same model name at another endpoint, a new model snapshot behind the same name, or a changed prompt
 * asks the model again. Only successful completions are stored; errors are always retried. The server
 * never uses it.
 *
 * The reported version is only known after a call, so each run asks its first question live (the
 * probe) and keys every other answer by the version that call reported.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type ChatModel, type Completion, type CompletionRequest, USAGE_FIELDS, emptyUsage } from './provider.js';

/** Inside node_modules: already git- and docker-ignored, and wiped by `npm ci` like any build cache. */
export const DEFAULT_CACHE_DIR = 'node_modules/.cache/pilot-model';

const entrySchema = z.object({
  key: z.string(),
  completion: z.object({
    text: z.string(),
    model: z.string(),
    latencyMs: z.number(),
    usage: z.object({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number(), missing: z.array(z.enum(USAGE_FIELDS)).optional() }),
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

/** Bump when what goes into the key changes: old entries then miss instead of answering wrongly. */
export const CACHE_KEY_VERSION = 2;

export interface CacheKeyParts {
  /** The base URL the request goes to (OPENAI_BASE_URL or the default). */
  endpoint: string;
  model: string;
  /** `model` of the API's answer (e.g. gpt-4o-2024-08-06), learnt by this run's first call. */
  modelVersion: string;
  request: CompletionRequest;
  caseId: string;
  repeat: number;
}

/** Object keys sorted, so the same request always hashes the same whatever order it was built in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .flatMap((k) => ((value as Record<string, unknown>)[k] === undefined ? [] : [[k, canonical((value as Record<string, unknown>)[k])]])),
    );
  }
  return value;
}

export function cacheKey(parts: CacheKeyParts): string {
  const material = JSON.stringify(canonical({ v: CACHE_KEY_VERSION, ...parts, endpoint: parts.endpoint.replace(/\/+$/, '') }));
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

export function createModelCache(model: ChatModel, dir: string, endpoint: string): ModelCache {
  // The version the API reports for this model, settled by the run's first successful live call.
  let version: Promise<string> | null = null;
  const fileFor = (key: string) => ({ shard: join(dir, key.slice(0, 2)), file: join(dir, key.slice(0, 2), `${key}.json`) });
  const keyFor = (modelVersion: string, request: CompletionRequest, caseId: string, repeat: number) => cacheKey({ endpoint, model: model.name, modelVersion, request, caseId, repeat });
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
          const store = (completion: Completion) => {
            const { shard, file } = fileFor(keyFor(completion.model, request, caseId, repeat));
            write(file, shard, keyFor(completion.model, request, caseId, repeat), completion);
            return count(completion);
          };
          if (version === null) {
            // This call is the probe: asked live, and its reported model version keys the rest.
            const live = model.complete(request);
            version = live.then((c) => c.model);
            version.catch(() => {
              version = null; // a failed probe settles nothing: the next call probes again
            });
            return store(await live);
          }
          let modelVersion: string;
          try {
            modelVersion = await version;
          } catch {
            return this.complete(request);
          }
          const key = keyFor(modelVersion, request, caseId, repeat);
          const cached = read(fileFor(key).file, key);
          if (cached) {
            hits += 1;
            // Latency and tokens as first measured: the gates judge the model, not the disk.
            return count(cached);
          }
          return store(await model.complete(request));
        },
      };
    },
  };
}
