/**
 * The labelling session, one case at a time, in the terminal (@clack/prompts): the input (redacted),
 * the baseline's answer and the model's, then accept one, give the right answer, skip or quit. Each
 * label is saved before the next case is shown (saveLine), so stopping at any point loses at most
 * the case on screen.
 */
import { cancel, isCancel, log, multiselect, note, outro, select, selectKey, spinner, text } from '@clack/prompts';
import type { z } from 'zod';
import { redactValue } from '../connectors/redact.js';
import { displayPath } from '../evals/input-file.js';
import { type PendingCase, labelledLine, saveLine } from './case-file.js';
import { acceptable, checkExpected, describeExpected } from './expected.js';
import { AnswerError, type LabelSpec, type Question } from './spec.js';

/** What the session needs from the pilot: its use case, seen only through these. */
export interface SessionDeps {
  spec: LabelSpec;
  expectedSchema: z.ZodType;
  // A method, so the use case's own typed runBaseline(input: Input) fits.
  runBaseline(input: unknown): unknown;
  /** The model's answer for a case, or a reason there is none. */
  askModel: ((c: PendingCase) => Promise<{ answer: unknown } | { problem: string }>) | null;
  /** Why there is no model, shown once per case in one dim line. */
  noModel: string;
  by: string;
  now?: () => Date;
}

export interface SessionResult {
  labelled: number;
  skipped: number;
  /** Quit before the last case (q, Ctrl-C or Esc). */
  quit: boolean;
  /** Stopped by Ctrl-C / Esc rather than `q`. */
  cancelled: boolean;
}

export const SUGGESTED_TAGS = ['happy', 'edge', 'adversarial', 'pii', 'regression'] as const;
const OTHER_TAG = '+other';
const dim = (s: string) => `\x1b[2m${s}\x1b[22m`;

class Cancelled extends Error {}

/** A prompt's answer, or a Cancelled throw for Ctrl-C / Esc, so every prompt stops the same way. */
function answered<T>(value: T): Exclude<T, symbol> {
  if (isCancel(value)) throw new Cancelled();
  return value as Exclude<T, symbol>;
}

/** Control characters escaped: a hostile record must not drive the terminal. Newlines stay. */
function printable(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return value.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function showInput(input: unknown): string {
  const redacted = redactValue(input);
  const fields = redacted && typeof redacted === 'object' ? Object.entries(redacted as Record<string, unknown>) : [['input', redacted] as const];
  return fields
    .map(([key, value]) => {
      const textValue = typeof value === 'string' ? value : JSON.stringify(value);
      const cut = textValue.length > 2000 ? `${textValue.slice(0, 2000)}… (${textValue.length - 2000} more characters)` : textValue;
      return `${key}: ${printable(cut)}`;
    })
    .join('\n');
}

async function askQuestion(question: Question, initial: unknown): Promise<unknown> {
  if (question.kind === 'choice') {
    const options = question.options.map((value) => ({ value, label: value }));
    const start = question.options.includes(initial as string) ? (initial as string) : undefined;
    return answered(await select({ message: question.message, options, initialValue: start }));
  }
  const initialText = initial === undefined ? '' : question.format(initial);
  const raw = answered(
    await text({
      message: question.hint ? `${question.message} ${dim(`(${question.hint})`)}` : question.message,
      initialValue: initialText,
      validate: (value) => {
        try {
          question.parse(value ?? '');
          return undefined;
        } catch (err) {
          if (err instanceof AnswerError) return err.message;
          throw err;
        }
      },
    }),
  );
  return question.parse(raw);
}

/** Asks every question, then checks the whole answer with the schema; asks again, with what was typed, until it holds. */
async function typeAnswer(deps: SessionDeps, draft: Record<string, unknown>): Promise<unknown> {
  let values = { ...draft };
  for (;;) {
    for (const question of deps.spec.questions) values = { ...values, [question.key]: await askQuestion(question, values[question.key]) };
    const checked = checkExpected(deps.spec, deps.expectedSchema, values);
    if (checked.ok) return checked.expected;
    log.error(`not a valid expected answer: ${checked.issues.join('; ')}; answer again`);
  }
}

/** The case's own tags start ticked (a shipped copy keeps its edge, pii...), nothing else: a guessed `happy` would be saved unread. */
async function askTags(pending: PendingCase): Promise<string[]> {
  const existing = pending.tags.filter((tag) => tag !== 'unlabeled');
  const options = [...new Set([...SUGGESTED_TAGS, ...existing])].map((value) => ({ value, label: value }));
  const picked = answered(
    await multiselect({
      message: 'Tags (space to toggle, enter to confirm)',
      options: [...options, { value: OTHER_TAG, label: 'another tag…' }],
      initialValues: existing,
      required: true,
    }),
  );
  const tags = picked.filter((tag) => tag !== OTHER_TAG);
  if (picked.includes(OTHER_TAG)) {
    const more = answered(
      await text({
        message: 'Other tags (comma-separated, lower-case)',
        validate: (value) => ((value ?? '').split(',').every((t) => /^[a-z0-9][a-z0-9_-]*$/.test(t.trim())) ? undefined : 'lower-case words, digits, - or _, separated by commas'),
      }),
    );
    tags.push(...more.split(',').map((t) => t.trim()));
  }
  return tags;
}

async function askCriteria(pending: PendingCase): Promise<string[]> {
  if (pending.criteria.length > 0) return pending.criteria;
  const criterion = answered(
    await text({
      message: 'Why is this the right answer? (the criterion it meets, one line)',
      validate: (value) => ((value ?? '').trim() ? undefined : 'one line, e.g. "a duplicate charge is billing"'),
    }),
  );
  return [criterion.trim()];
}

type Choice = 'b' | 'm' | 'a' | 's' | 'q';

async function labelOne(deps: SessionDeps, pending: PendingCase, position: string): Promise<'labelled' | 'skipped' | 'quit'> {
  note(showInput(pending.input), `${position} · ${pending.id} · ${displayPath(pending.file)}:${pending.line}`);
  const baselineAnswer = deps.runBaseline(pending.input);
  const baselineDraft = deps.spec.draft(baselineAnswer);
  log.message(`baseline: ${printable(describeExpected(deps.spec, baselineDraft, 600))}`);

  let modelDraft: Record<string, unknown> | null = null;
  let modelAnswer: unknown;
  if (!deps.askModel) log.message(dim(`model: ${deps.noModel}`));
  else {
    const wait = spinner();
    wait.start('asking the model');
    const result = await deps.askModel(pending);
    if ('answer' in result) {
      modelAnswer = result.answer;
      modelDraft = deps.spec.draft(result.answer);
      wait.stop(`model: ${printable(describeExpected(deps.spec, modelDraft, 600))}`);
    } else wait.stop(dim(`model: no answer (${printable(result.problem)})`));
  }

  const fromBaseline = acceptable(deps.spec, deps.expectedSchema, baselineAnswer);
  const fromModel = modelDraft ? acceptable(deps.spec, deps.expectedSchema, modelAnswer) : null;
  const options: Array<{ value: Choice; label: string }> = [];
  if (fromBaseline !== null) options.push({ value: 'b', label: "accept the baseline's answer" });
  if (fromModel !== null) options.push({ value: 'm', label: "accept the model's answer" });
  options.push({ value: 'a', label: 'give the right answer' }, { value: 's', label: 'skip (leave it unlabeled)' }, { value: 'q', label: 'quit (what is saved stays saved)' });
  const action = answered(await selectKey({ message: 'This case:', options }));
  if (action === 's') return 'skipped';
  if (action === 'q') return 'quit';

  const existing = pending.expected && typeof pending.expected === 'object' ? (pending.expected as Record<string, unknown>) : {};
  const expected = action === 'b' ? fromBaseline : action === 'm' ? fromModel : await typeAnswer(deps, { ...baselineDraft, ...(modelDraft ?? {}), ...existing });
  const tags = await askTags(pending);
  const criteria = await askCriteria(pending);
  const lineText = labelledLine(pending, { expected, tags, criteria, by: deps.by, at: (deps.now ?? (() => new Date()))() });
  saveLine(pending, lineText);
  log.success(`saved ${pending.id} (${displayPath(pending.file)}:${pending.line}): ${printable(describeExpected(deps.spec, expected as Record<string, unknown>))}; tags ${tags.join(', ')}`);
  return 'labelled';
}

export async function runSession(deps: SessionDeps, cases: PendingCase[]): Promise<SessionResult> {
  const result: SessionResult = { labelled: 0, skipped: 0, quit: false, cancelled: false };
  try {
    for (const [index, pending] of cases.entries()) {
      const outcome = await labelOne(deps, pending, `case ${index + 1} of ${cases.length}`);
      if (outcome === 'quit') {
        result.quit = true;
        break;
      }
      if (outcome === 'labelled') result.labelled += 1;
      else result.skipped += 1;
    }
  } catch (err) {
    if (!(err instanceof Cancelled)) throw err;
    cancel('stopped: the case on screen was not saved; every case saved before it is');
    return { ...result, quit: true, cancelled: true };
  }
  const left = cases.length - result.labelled;
  outro(`labelled ${result.labelled}, skipped ${result.skipped}; ${left} still unlabeled${left ? ' (run npm run cases:label again)' : ': next, npm run eval'}`);
  return result;
}
