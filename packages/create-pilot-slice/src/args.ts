import { parseArgs } from 'node:util';
import { type PartialAnswers, PilotSliceError, closestName } from '@pilot-slice/core';

export interface CreateOptions {
  command: 'create';
  dir: string | undefined;
  flags: Record<string, string | undefined>;
  answersFile: string | undefined;
  yes: boolean;
  dryRun: boolean;
  install: boolean;
  git: boolean;
}

export interface UpdateOptions {
  command: 'update';
  dir: string | undefined;
  dryRun: boolean;
  set: string[];
  conflict: 'inline' | 'rej';
  /** After a clean update, run the pilot's type-check; exit 1 when it fails. */
  verify: boolean;
}

export interface CheckOptions {
  command: 'check';
  dir: string | undefined;
  json: boolean;
}

export type Command = CreateOptions | UpdateOptions | CheckOptions | { command: 'list'; json: boolean } | { command: 'help' } | { command: 'version' };

/** Flags that carry an answer, by the answer key they set. One table, so help, parsing and errors agree. */
export const ANSWER_FLAGS = {
  'use-case': 'useCase',
  connector: 'connector',
  auth: 'auth',
  owner: 'owner',
  oncall: 'oncall',
  description: 'description',
  'decision-date': 'decisionDate',
  labels: 'labels',
  queues: 'queues',
  priorities: 'priorities',
  fields: 'fields',
  'package-manager': 'packageManager',
} as const satisfies Record<string, keyof PartialAnswers>;

const OPTIONS = {
  ...Object.fromEntries(Object.keys(ANSWER_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
  'answers-file': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  'no-install': { type: 'boolean' },
  'no-git': { type: 'boolean' },
  json: { type: 'boolean' },
  set: { type: 'string', multiple: true },
  conflict: { type: 'string' },
  verify: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Flags that belong to one command only, so a misplaced one is refused instead of ignored. */
const ONLY_FOR: Record<string, string> = { set: 'update', conflict: 'update', verify: 'update' };

export function parseCliArgs(argv: readonly string[]): Command {
  // biome-ignore lint/suspicious/noImplicitAnyLet: parseArgs infers its result from the config; spelling the type out would repeat OPTIONS.
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new PilotSliceError('USAGE', `${usageProblem(error)}; run create-pilot-slice --help`);
  }
  const { values, positionals, tokens } = parsed;
  refuseConflictingRepeats(tokens);
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [first, ...rest] = positionals;
  if (first === 'list') return { command: 'list', json: Boolean(values.json) };
  // `./update` still scaffolds into a folder called update.
  if (first === 'update' || first === 'check') return parseMaintenance(first, rest, values);
  for (const [flag, command] of Object.entries(ONLY_FOR)) {
    if (values[flag as keyof typeof values] !== undefined) throw new PilotSliceError('USAGE', `--${flag} goes with ${command}; run create-pilot-slice ${command} --help`);
  }
  if (rest.length > 0) {
    throw new PilotSliceError(
      'USAGE',
      `expected one folder, got ${positionals.length} (${positionals.join(' ')}); under npm create, flags need -- before them (npm create pilot-slice@latest my-pilot -- --owner @acme/support-ai), and a name with spaces needs quotes`,
    );
  }
  if (values.json) throw new PilotSliceError('USAGE', '--json goes with list; run create-pilot-slice list --json');
  const flags: Record<string, string | undefined> = {};
  for (const [flag, key] of Object.entries(ANSWER_FLAGS)) flags[key] = values[flag as keyof typeof values] as string | undefined;
  return {
    command: 'create',
    dir: first,
    flags,
    answersFile: values['answers-file'],
    yes: Boolean(values.yes),
    dryRun: Boolean(values['dry-run']),
    install: !values['no-install'],
    git: !values['no-git'],
  };
}

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

function parseMaintenance(command: 'update' | 'check', rest: string[], values: Values): UpdateOptions | CheckOptions {
  if (rest.length > 1) throw new PilotSliceError('USAGE', `${command} takes at most one folder, the pilot's; got ${rest.join(' ')}`);
  const scaffoldOnly = ['use-case', 'connector', 'auth', 'owner', 'oncall', 'description', 'package-manager', 'answers-file', 'yes', 'no-install', 'no-git'].filter(
    (flag) => values[flag as keyof Values] !== undefined,
  );
  if (scaffoldOnly.length > 0) {
    throw new PilotSliceError('USAGE', `--${scaffoldOnly[0]} is for creating a pilot; to change an answer on update, pass --set key=value`);
  }
  if (command === 'check') {
    if (values['dry-run'] || values.set || values.conflict || values.verify) throw new PilotSliceError('USAGE', 'check only reads; it takes [dir] and --json');
    return { command, dir: rest[0], json: Boolean(values.json) };
  }
  if (values.json) throw new PilotSliceError('USAGE', '--json goes with check or list');
  const conflict = values.conflict ?? 'inline';
  if (conflict !== 'inline' && conflict !== 'rej')
    throw new PilotSliceError('USAGE', `--conflict ${conflict}: expected inline (markers in the file) or rej (a .rej file beside it)`);
  if (values.verify && values['dry-run']) throw new PilotSliceError('USAGE', '--verify type-checks the updated pilot, so it cannot go with --dry-run; drop one');
  return { command, dir: rest[0], dryRun: Boolean(values['dry-run']), set: values.set ?? [], conflict, verify: Boolean(values.verify) };
}

/**
 * parseArgs keeps the last of a repeated single-valued flag, so `--connector csv --connector sqlite`
 * would silently build a sqlite pilot. Two different values are refused; the same value twice is
 * harmless (a script adding a default) and passes. Flags declared `multiple` (--set) repeat by design.
 */
function refuseConflictingRepeats(tokens: ReadonlyArray<{ kind: string; name?: string; rawName?: string; value?: string | undefined }>): void {
  const seen = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || !token.name || token.value === undefined) continue;
    if ((OPTIONS[token.name as keyof typeof OPTIONS] as { multiple?: boolean }).multiple) continue;
    const first = seen.get(token.name);
    if (first !== undefined && first !== token.value) {
      throw new PilotSliceError('USAGE', `--${token.name} was given twice, as ${JSON.stringify(first)} and ${JSON.stringify(token.value)}; pass it once, with the value you mean`);
    }
    seen.set(token.name, token.value);
  }
}

/** The flag that sets an answer key, for error messages: `useCase` → `--use-case`. */
export function flagFor(key: string): string {
  const flag = Object.entries(ANSWER_FLAGS).find(([, answer]) => answer === key)?.[0];
  return flag ? `--${flag}` : key;
}

function usageProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const typed = option ?? message;
    const close = closestName(
      typed.split('=')[0] ?? typed,
      Object.keys(OPTIONS).map((name) => `--${name}`),
    );
    return `unknown option ${typed}${close ? ` (did you mean ${close}?)` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(message) ? `${option?.split(' ')[0] ?? 'an option'} needs a value` : (message.split('\n')[0] ?? message);
  }
  return message.split('\n')[0] ?? message;
}
