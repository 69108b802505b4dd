import type * as z from 'zod/mini';
import { PilotSliceError } from '../errors.js';
import { type Answers, type AnswerKey, type PartialAnswers, answersSchema, partialAnswersSchema } from './schema.js';
import { DEFAULT_SETS, SET_KEYS, useCaseOfSet } from './use-case-sets.js';

/**
 * Where answers come from, strongest first. Flags beat prompts (a flag given is never asked),
 * prompts beat recorded answers (a recorded answer is only the prompt's initial value),
 * recorded answers beat defaults.
 */
export const ANSWER_PRECEDENCE = ['flags', 'prompts', 'recorded', 'defaults'] as const;
export type AnswerSource = (typeof ANSWER_PRECEDENCE)[number];

export type AnswerSources = Partial<Record<Exclude<AnswerSource, 'defaults'>, PartialAnswers>>;

/** How a source names a key in an error, e.g. `--use-case` for flags or `answers.json: useCase` for a file. */
export type DescribeKey = (key: string) => string;

/** Validates what one source says. Unknown keys and bad values are reported with the source's own name for the key. */
export function parsePartialAnswers(raw: unknown, describeKey: DescribeKey, code: 'INVALID_ANSWERS' | 'INVALID_ANSWERS_FILE' = 'INVALID_ANSWERS'): PartialAnswers {
  const result = partialAnswersSchema.safeParse(stripUndefined(raw));
  if (result.success) return result.data;
  throw new PilotSliceError(code, describeIssue(result.error, describeKey));
}

/** Defaults that depend on other answers, so they are computed after the stronger sources merge. */
export function defaultAnswers(known: PartialAnswers, today: Date): PartialAnswers {
  const useCase = known.useCase ?? 'classify';
  return {
    useCase,
    connector: 'sqlite',
    auth: 'api-key',
    description: `A ${useCase} pilot with a human in the loop`,
    ...structuredClone(DEFAULT_SETS[useCase]),
    ...(known.owner ? { oncall: known.owner } : {}),
    decisionDate: addDays(today, 90),
    packageManager: 'npm',
  };
}

/**
 * The one place precedence is decided. `name` and `owner` have no default: a pilot needs both.
 * `keepRecordedDate`: an update renders with the date recorded when the pilot was made, which may
 * have passed since (readiness flags that); a new date, from any source, must not be in the past.
 */
export function resolveAnswers(
  sources: AnswerSources,
  today: Date = new Date(),
  { keepRecordedDate = false, describeKey = {} }: { keepRecordedDate?: boolean; describeKey?: SourceNames } = {},
): Answers {
  const given: PartialAnswers = {
    ...stripUndefined(sources.recorded),
    ...stripUndefined(sources.prompts),
    ...stripUndefined(sources.flags),
  };
  // A manager's version belongs to it: one from a weaker source than the manager's is another manager's
  // (another pilot's answers file, or the recorded one under `update --set packageManager=...`), so dropped.
  const strongestFirst = [sources.flags, sources.prompts, sources.recorded];
  const managerFrom = strongestFirst.findIndex((source) => source?.packageManager !== undefined);
  const versionFrom = strongestFirst.findIndex((source) => source?.packageManagerVersion !== undefined);
  if (managerFrom !== -1 && versionFrom > managerFrom) delete given.packageManagerVersion;
  const merged = { ...defaultAnswers(given, today), ...given };
  if (!merged.owner) {
    throw new PilotSliceError('MISSING_ANSWER', 'No owning team: pass --owner @org/team (a pilot without an owner is a hobby, not a pilot)');
  }
  if (!merged.name) {
    throw new PilotSliceError('MISSING_ANSWER', 'No project name: pass a folder name, e.g. create-pilot-slice my-pilot');
  }
  const result = answersSchema.safeParse(merged);
  if (!result.success)
    throw new PilotSliceError(
      'INVALID_ANSWERS',
      describeIssue(result.error, (key) => key),
    );
  refuseForeignSets(result.data, sources, describeKey);
  const recordedDate = keepRecordedDate && result.data.decisionDate === sources.recorded?.decisionDate;
  const late = recordedDate ? null : decisionDateProblem(result.data.decisionDate, today);
  if (late) throw new PilotSliceError('INVALID_ANSWERS', `${nameAsGiven('decisionDate', sources, describeKey)}: ${late}`);
  return result.data;
}

/** How each source names a key in an error: the CLI passes `--labels` for flags and `answers.json: labels` for a file. */
export type SourceNames = Partial<Record<Exclude<AnswerSource, 'defaults'>, DescribeKey>>;

/** A set answer for another use case would be silently ignored: `--labels` on a triage pilot is a mistake to name, as it was given. */
function refuseForeignSets(answers: Answers, sources: AnswerSources, names: SourceNames): void {
  for (const key of SET_KEYS) {
    if (answers[key] === undefined) continue;
    const owner = useCaseOfSet(key);
    if (owner !== answers.useCase) {
      throw new PilotSliceError(
        'INVALID_ANSWERS',
        `${nameAsGiven(key, sources, names)} is for the ${owner} use case, not ${answers.useCase}: drop it, or choose --use-case ${owner}`,
      );
    }
  }
}

/** A key as the strongest source that gave it names it (`--decision-date`, `a.json: decisionDate`); the bare key otherwise. */
function nameAsGiven(key: AnswerKey, sources: AnswerSources, names: SourceNames): string {
  const source = (['flags', 'prompts', 'recorded'] as const).find((s) => sources[s]?.[key] !== undefined);
  return (source && names[source]?.(key)) ?? key;
}

/** Why a decision date cannot be used (it has passed), or null. The date is a day: today is still fine. */
export function decisionDateProblem(date: string, today: Date = new Date()): string | null {
  const now = today.toISOString().slice(0, 10);
  return date < now ? `${date} is in the past (today is ${now}); the decision date is when the owners decide to ship, extend or stop` : null;
}

/** The keys a source has not given, in the order they are asked. */
export function missingAnswerKeys(known: PartialAnswers, order: readonly AnswerKey[]): AnswerKey[] {
  return order.filter((key) => known[key] === undefined);
}

function describeIssue(error: z.core.$ZodError, describeKey: DescribeKey): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid answers';
  if (issue.code === 'unrecognized_keys') {
    return `${issue.keys.map(describeKey).join(', ')}: not a known answer (known: ${Object.keys(answersSchema.shape).join(', ')})`;
  }
  // The answer's own name, not the index inside it: `--fields`, not `fields.0.type`.
  const key = issue.path.length > 0 ? String(issue.path[0]) : '';
  return key ? `${describeKey(key)}: ${issue.message}` : issue.message;
}

function stripUndefined<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function addDays(date: Date, days: number): string {
  const next = new Date(date.getTime() + days * 86_400_000);
  return next.toISOString().slice(0, 10);
}
