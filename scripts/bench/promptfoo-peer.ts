// promptfoo@0.121, the peer the eval runner is compared with: installed at bench time into
// .bench/promptfoo (it is ~700 packages, so never a devDependency: `npm ci` must not pull it),
// configured with the same cases, the same chat messages the pilot's pipeline builds, the same
// request settings and the same loopback server, then timed as one whole `promptfoo eval` process.
// Offline by configuration: no cache, no sharing, no telemetry, no update check, its config and
// database in a bench folder rather than ~/.promptfoo, and (see egress-trap.ts) a dead-end proxy.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { timedSpawn } from './timed-spawn.js';
import { type InstallRecord, cachedInstall } from './bench-cache.js';

export const PROMPTFOO_SPEC = 'promptfoo@0.121';
const TIMEOUT_MS = 5 * 60_000;

export interface PromptfooInstall extends InstallRecord {
  fresh: boolean;
  version: string;
  entry: string;
  /** Where promptfoo keeps its config and results database (PROMPTFOO_CONFIG_DIR). */
  home: string;
}

export interface PeerCase {
  id: string;
  label: string;
  /** Exactly what the pilot's pipeline sends for this case (from its own buildMessages). */
  messages: unknown[];
}

export interface PeerRequestSettings {
  model: string;
  temperature: number;
  maxTokens: number;
  json: boolean;
}

export interface PromptfooRun {
  wallMs: number;
  /** promptfoo's own duration from its results file, if it wrote one. */
  reportedMs: number | null;
  passed: number;
  failed: number;
  errors: number;
}

export async function installPromptfoo(): Promise<PromptfooInstall> {
  const { dir, record, fresh } = await cachedInstall('promptfoo', {}, [PROMPTFOO_SPEC], PROMPTFOO_SPEC);
  const pkg = join(dir, 'node_modules/promptfoo');
  const manifest = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
  const entry = join(pkg, manifest.bin.promptfoo ?? 'dist/src/entrypoint.js');
  if (!existsSync(entry)) throw new Error(`promptfoo ${manifest.version} has no CLI at ${entry}`);
  const home = join(dir, 'home');
  await mkdir(home, { recursive: true });
  return { ...record, fresh, version: manifest.version, entry, home };
}

/** Writes promptfooconfig.json into `dir`: one prompt, one provider, one test per case. */
export async function writePromptfooConfig(dir: string, cases: readonly PeerCase[], baseUrl: string, request: PeerRequestSettings): Promise<string> {
  const config = {
    description: 'pilot-slice eval bench: classify, loopback model',
    // The whole message list is one variable, rendered verbatim, so promptfoo sends the pilot's
    // system and user messages byte for byte (the bench checks the server saw the same prompts).
    prompts: [{ id: 'pilot-messages', raw: '{{ messages | safe }}' }],
    providers: [
      {
        id: `openai:chat:${request.model}`,
        config: {
          apiBaseUrl: baseUrl,
          apiKey: 'bench-key',
          temperature: request.temperature,
          max_tokens: request.maxTokens,
          ...(request.json ? { response_format: { type: 'json_object' } } : {}),
        },
      },
    ],
    // is-json with a schema: the answer must be JSON whose label is the expected one, the same
    // check the pilot's scorer makes.
    tests: cases.map((c) => ({
      description: c.id,
      vars: { messages: JSON.stringify(c.messages) },
      assert: [{ type: 'is-json', value: { type: 'object', required: ['label'], properties: { label: { const: c.label } } } }],
    })),
    sharing: false,
  };
  const file = join(dir, 'promptfooconfig.json');
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/** What promptfoo needs to stay offline and out of ~/.promptfoo; the bench adds its proxy trap. */
export function promptfooEnv(install: PromptfooInstall): Record<string, string> {
  return {
    PROMPTFOO_CONFIG_DIR: install.home,
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    PROMPTFOO_DISABLE_SHARING: '1',
    PROMPTFOO_DISABLE_REMOTE_GENERATION: '1',
    PROMPTFOO_CACHE_ENABLED: 'false',
  };
}

interface ResultsFile {
  results?: {
    stats?: { successes?: number; failures?: number; errors?: number; durationMs?: number };
    results?: unknown[];
  };
}

/** One timed `promptfoo eval` (node start-up included, as for ours), checked to have answered every case. */
export async function runPromptfoo(install: PromptfooInstall, configFile: string, outFile: string, concurrency: number, env: NodeJS.ProcessEnv): Promise<PromptfooRun> {
  // Its default console output (the results table) stays on, as ours prints its own summary.
  await rm(outFile, { force: true }); // a results file from an earlier run must not pass for this one
  const args = [install.entry, 'eval', '-c', configFile, '-j', String(concurrency), '--no-cache', '--no-share', '-o', outFile];
  const run = await timedSpawn(process.execPath, args, { cwd: join(configFile, '..'), env }, TIMEOUT_MS);
  const { code, wallMs } = run;
  const output = run.stdout + run.stderr;
  // promptfoo exits 100 when an assertion failed; only a missing results file means it did not run.
  if (!existsSync(outFile)) throw new Error(`promptfoo eval exited ${code} and wrote no results:\n${output.slice(-2000)}`);
  const results = (JSON.parse(await readFile(outFile, 'utf8')) as ResultsFile).results;
  const stats = results?.stats ?? {};
  return {
    wallMs,
    reportedMs: typeof stats.durationMs === 'number' ? stats.durationMs : null,
    passed: stats.successes ?? 0,
    failed: stats.failures ?? 0,
    errors: stats.errors ?? 0,
  };
}
