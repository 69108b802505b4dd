/**
 * `npm run cases:label [-- --by NAME] [-- --cases PATH]`: label the unlabeled eval cases (those
 * `npm run cases:import` writes, and any tagged `unlabeled`) in an interactive terminal session.
 * Exit codes: 0 done or quit (everything labelled is saved); 2 not a terminal (it explains how to
 * label by file instead); 3 bad input (a flag, a case file, the model settings), nothing written;
 * 4 it failed (one line; the stack with DEBUG=1); 130 stopped with Ctrl-C or Esc.
 */
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { runBaseline } from '../../baseline/index.js';
import { labelSpec } from '../../label.js';
import { runPipeline } from '../../pipeline.js';
import { expectedSchema } from '../../score.js';
import { ConfigError, type Env, loadDotEnv, readString } from '../env.js';
import { capProblems, displayPath } from '../evals/input-file.js';
import { DEFAULT_CACHE_DIR, createModelCache } from '../model/cache.js';
import { DEFAULT_BASE_URL, createModel } from '../model/index.js';
import { FileChangedError, type PendingCase, readPending } from './case-file.js';
import { byFileHelp } from './by-file.js';
import { type SessionDeps, runSession } from './session.js';

const USAGE = `usage: npm run cases:label [-- --by NAME] [-- --cases PATH]
  --by NAME     who is labelling (default: git config user.name, else $USER)
  --cases PATH  a case file or folder (default evals/cases)
  --help        this text`;

class UsageError extends Error {}

function parseFlags(argv: string[]): { by?: string; cases: string; help: boolean } {
  try {
    const { values } = parseArgs({ args: argv, options: { by: { type: 'string' }, cases: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    if (values.by !== undefined && !values.by.trim()) throw new UsageError('--by needs a name');
    return { by: values.by?.trim(), cases: values.cases ?? 'evals/cases', help: values.help ?? false };
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; the flags are --by NAME, --cases PATH and --help`);
  }
}

/** `--by`, else the name git commits with, else the login: a label always says who made it. */
function whoIsLabelling(flag: string | undefined, env: Env): string {
  if (flag) return flag;
  try {
    const name = execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (name) return name;
  } catch {
    // no git, or no name configured: fall back to the login
  }
  const login = readString(env, 'USER') ?? readString(env, 'USERNAME') ?? userInfo().username;
  if (!login) throw new UsageError('cannot tell who is labelling: pass --by NAME');
  return login;
}

/** The model's answer through the eval cache (same key as `npm run eval`), or null with the reason there is none. */
function modelAsker(env: Env): { ask: SessionDeps['askModel']; noModel: string } {
  const model = createModel(env);
  if (!model) return { ask: null, noModel: 'none configured, so only the baseline is shown (set PILOT_MODEL and OPENAI_API_KEY or OPENAI_BASE_URL; see .env.example)' };
  const cacheOff = ['off', '0', 'false'].includes((readString(env, 'PILOT_EVAL_CACHE') ?? 'on').toLowerCase());
  const cache = cacheOff ? null : createModelCache(model, readString(env, 'PILOT_EVAL_CACHE_DIR') ?? DEFAULT_CACHE_DIR, readString(env, 'OPENAI_BASE_URL') ?? DEFAULT_BASE_URL);
  const ask = async (c: PendingCase) => {
    try {
      const run = await runPipeline(c.input, cache?.forCase(c.id) ?? model);
      return run.status === 'ok' ? { answer: run.output } : { problem: `invalid answer: ${run.issues.join('; ')}` };
    } catch (err) {
      return { problem: err instanceof Error ? err.message : String(err) };
    }
  };
  return { ask, noModel: '' };
}

async function main(): Promise<number> {
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (err) {
    console.error(`cases:label: ${(err as Error).message}`);
    return 3;
  }
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  loadDotEnv();
  const { cases, problems } = readPending(flags.cases);
  if (problems.length > 0) {
    for (const line of capProblems(problems)) console.error(`cases:label: ${line}`);
    console.error('cases:label: fix the case file(s) above, then run it again; nothing was asked or written');
    return 3;
  }
  if (cases.length === 0) {
    console.log(`cases:label: no unlabeled cases in ${displayPath(flags.cases)}; import some with npm run cases:import`);
    return 0;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    console.log(byFileHelp(cases, { spec: labelSpec, expectedSchema, runBaseline }));
    console.error(`cases:label: not a terminal, so nothing was asked and nothing written: label the ${cases.length} case(s) by file as shown above, or run npm run cases:label in a terminal`);
    return 2;
  }
  let by: string;
  let model: ReturnType<typeof modelAsker>;
  try {
    by = whoIsLabelling(flags.by, process.env);
    model = modelAsker(process.env);
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof ConfigError)) throw err;
    console.error(`cases:label: ${err instanceof ConfigError ? 'model settings: ' : ''}${err.message}`);
    return 3;
  }
  const result = await runSession({ spec: labelSpec, expectedSchema, runBaseline, askModel: model.ask, noModel: model.noModel, by }, cases);
  return result.cancelled ? 130 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof FileChangedError) {
      console.error(`cases:label: ${err.message}`);
      process.exitCode = 3;
      return;
    }
    console.error(`cases:label: failed: ${err instanceof Error ? err.message : String(err)}${process.env.DEBUG === '1' && err instanceof Error ? `\n${err.stack}` : ''}`);
    process.exitCode = 4;
  },
);
