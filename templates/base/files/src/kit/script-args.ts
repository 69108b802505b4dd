/**
 * Arguments for the pilot's small scripts (`auth:new-key`, `auth:dev-token`, `data:seed`, `db:load-sample`),
 * all answered the same way: node:util's parseArgs, strict, plus `--help` (or `-h`), which prints the
 * script's usage and exits 0 before doing anything; an unknown option, a missing value or a stray argument is
 * one line naming it on stderr, and exit 2. npm drops the `--` before script arguments; pnpm, yarn and bun
 * may pass it on, so a leading `--` is skipped.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ScriptSpec<O extends Options> {
  /** The package.json script, e.g. `auth:dev-token`: every message starts with it. */
  name: string;
  /** What `--help` prints after the usage line: what the script does, its options, its exit codes. */
  help: string;
  /** The script's own options (parseArgs' format); `help` is added. */
  options: O;
  /** The options as they go on the usage line, e.g. `[--port N]`. */
  synopsis?: string;
}

/** The values parseArgs gives for these options, typed from them. */
export type ScriptValues<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>['values'];

/** `help` to print, an `error` line, or the values: data, so it can be tested without exiting. */
export type ScriptArgsOutcome<O extends Options> = { help: string } | { error: string } | { values: ScriptValues<O> };

export function parseScriptArgs<const O extends Options>(spec: ScriptSpec<O>, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ScriptArgsOutcome<O> {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  try {
    const { values } = parseArgs({ args, options: { ...spec.options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    const { help, ...own } = values as { help?: boolean };
    if (help) return { help: `${usageLine(spec, env)}\n${spec.help}` };
    return { values: own as ScriptValues<O> };
  } catch (err) {
    // Only the user's arguments are answered with a usage line; anything else is a bug to see whole.
    if (!String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) throw err;
    return { error: `${spec.name}: ${describeParseError(err)}; ${scriptCommand(spec.name, env)} -- --help lists the options` };
  }
}

/** For a script: the values, or `--help` printed (exit 0), or one line about the bad argument (exit 2). */
export function scriptArgs<const O extends Options>(spec: ScriptSpec<O>, argv: readonly string[] = process.argv.slice(2)): ScriptValues<O> {
  const outcome = parseScriptArgs(spec, argv);
  if ('help' in outcome) {
    console.log(outcome.help);
    process.exit(0);
  }
  if ('error' in outcome) exitWithUsageError(outcome.error);
  return outcome.values;
}

/** A bad value found after parsing (`--port abc`): the same one line and exit 2. */
export function exitWithUsageError(line: string): never {
  console.error(line);
  process.exit(2);
}

/** How this pilot runs a script, from the manager running it now (each sets npm_config_user_agent). */
export function scriptCommand(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const manager = /^(npm|pnpm|yarn|bun)\//.exec(env.npm_config_user_agent ?? '')?.[1] ?? 'npm';
  return `${manager} run ${name}`;
}

function usageLine<O extends Options>(spec: ScriptSpec<O>, env: NodeJS.ProcessEnv): string {
  return `usage: ${scriptCommand(spec.name, env)}${spec.synopsis ? ` -- ${spec.synopsis}` : ''}`;
}

/** parseArgs' messages run to several sentences; this is the one thing wrong, the user's text quoted (control bytes escaped). */
function describeParseError(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${JSON.stringify(quoted)}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${JSON.stringify(quoted)}`;
  // "Option '--port <value>' argument missing", "Option '-h, --help' does not take an argument"
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
  return message.includes('missing') ? `${option} needs a value` : `${option} takes no value`;
}
